using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The skip list whose nodes live in the memtable's arena chunks (links as 64-bit references, no
/// object per entry): model checks in both insert modes, concurrent inserters with readers walking,
/// entries larger than a quarter chunk (a chunk of their own), and pooled chunks reused with stale
/// bytes in them. Randomized: the seed is printed, replay with WORKBENCH_SEED.
/// </summary>
public class ArenaSkipListTests(ITestOutputHelper output)
{
    private int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WORKBENCH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
        return seed;
    }

    // A value that names its own internal key, so a node whose key and value do not belong together
    // (a torn or misaddressed node) is detected: length and bytes derive from the key's hash.
    private static byte[] ValueFor(ReadOnlySpan<byte> internalKey, int maxLength)
    {
        var h = (uint)17;
        foreach (var b in internalKey) h = h * 31 + b;
        var v = new byte[(int)(h % (uint)(maxLength + 1))];
        for (var i = 0; i < v.Length; i++) v[i] = (byte)(h + i);
        return v;
    }

    private static void CheckAgainstModel(Memtable mem, List<(byte[] Key, byte[] Value)> model, int seed)
    {
        model.Sort((a, b) => InternalKey.Compare(a.Key, b.Key));
        using (var it = mem.NewIterator())
        {
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++)
            {
                Assert.True(i < model.Count, $"more entries than inserted, seed {seed}");
                Assert.True(it.Key.SequenceEqual(model[i].Key), $"entry {i} key differs from the model, seed {seed}");
                Assert.True(it.Value.SequenceEqual(model[i].Value), $"entry {i} value differs from the model, seed {seed}");
            }
            Assert.Equal(model.Count, i);

            // Backwards: SeekToLast and Prev visit the same entries in reverse.
            i = model.Count - 1;
            for (it.SeekToLast(); it.Valid; it.Prev(), i--)
                Assert.True(it.Key.SequenceEqual(model[i].Key), $"reverse entry {i} differs, seed {seed}");
            Assert.Equal(-1, i);

            // Seek to each key lands on it.
            for (var j = 0; j < model.Count; j += 7)
            {
                it.Seek(model[j].Key);
                Assert.True(it.Valid && it.Key.SequenceEqual(model[j].Key), $"seek to entry {j} missed, seed {seed}");
            }
        }
        foreach (var (key, value) in model)
        {
            var seq = InternalKey.Sequence(key);
            Assert.True(mem.TryGet(InternalKey.ForSeek(InternalKey.UserKey(key), seq), out var node), $"sequence {seq} not found, seed {seed}");
            Assert.True(node.Key.SequenceEqual(key), $"lookup of sequence {seq} returned another entry, seed {seed}");
            Assert.True(node.Value.SequenceEqual(value), $"lookup of sequence {seq} returned another value, seed {seed}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_inserts_match_a_sorted_model(bool concurrentMode)
    {
        var seed = Seed();
        var rnd = new Random(seed);
        var mem = new Memtable(1);
        var model = new List<(byte[], byte[])>();
        const int entries = 6000; // values up to 600 B: ~2 MiB, several chunks and chunk boundaries
        for (var s = 1; s <= entries; s++)
        {
            var userKey = new byte[rnd.Next(0, 6)];
            rnd.NextBytes(userKey);
            var kind = rnd.Next(5) == 0 ? ValueKind.Deletion : ValueKind.Value;
            var key = InternalKey.Make(userKey, s, kind);
            var value = ValueFor(key, 600);
            if (concurrentMode) mem.AddConcurrently(s, kind, userKey, value);
            else mem.Add(s, kind, userKey, value);
            model.Add((key, value));
        }
        Assert.Equal(entries, mem.Entries);
        Assert.True(mem.ApproximateBytes >= 2 * MemtableArena.ChunkSize, $"arena holds {mem.ApproximateBytes} bytes, seed {seed}");
        CheckAgainstModel(mem, model, seed);
    }

    /// <summary>
    /// 3 inserting threads (values of varied length, some shared user keys) while 2 readers walk
    /// the list: every walk is strictly in internal-key order and every node it reaches carries the
    /// value that belongs to its key; at the end the list equals the model.
    /// </summary>
    [Fact]
    public void Concurrent_inserts_with_readers_walking_see_whole_nodes_in_order()
    {
        var seed = Seed();
        const int threads = 3, perThread = 8000, readers = 2;
        var mem = new Memtable(1);
        long nextSeq = 0;
        var inserted = new List<(byte[], byte[])>[threads];
        var done = 0;
        string? failure = null;
        var walks = new int[readers];
        var readerThreads = new Thread[readers];
        for (var r = 0; r < readers; r++)
        {
            var id = r;
            readerThreads[r] = new Thread(() =>
            {
                while (Volatile.Read(ref failure) is null)
                {
                    var finished = Volatile.Read(ref done) == threads; // one full walk after the last insert too
                    using var it = mem.NewIterator();
                    byte[]? last = null;
                    for (it.SeekToFirst(); it.Valid; it.Next())
                    {
                        var k = it.Key.ToArray();
                        if (last is not null && InternalKey.Compare(last, k) >= 0) { Volatile.Write(ref failure, "walk out of internal-key order"); break; }
                        if (!it.Value.SequenceEqual(ValueFor(k, 300))) { Volatile.Write(ref failure, $"torn node at sequence {InternalKey.Sequence(k)}"); break; }
                        last = k;
                    }
                    walks[id]++;
                    if (finished) break;
                }
            });
            readerThreads[r].Start();
        }
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var id = t;
            inserted[id] = new List<(byte[], byte[])>(perThread);
            workers[t] = new Thread(() =>
            {
                var rnd = new Random(seed + id);
                for (var i = 0; i < perThread; i++)
                {
                    var userKey = System.Text.Encoding.ASCII.GetBytes($"k{rnd.Next(4000):D4}");
                    var seq = Interlocked.Increment(ref nextSeq);
                    var key = InternalKey.Make(userKey, seq, ValueKind.Value);
                    var value = ValueFor(key, 300);
                    mem.AddConcurrently(seq, ValueKind.Value, userKey, value);
                    inserted[id].Add((key, value));
                }
                Interlocked.Increment(ref done);
            });
            workers[t].Start();
        }
        foreach (var w in workers) Assert.True(w.Join(TimeSpan.FromMinutes(2)), $"an inserter never finished, seed {seed}");
        foreach (var r in readerThreads) Assert.True(r.Join(TimeSpan.FromMinutes(2)), $"a reader never finished, seed {seed}");
        Assert.Null(failure);
        output.WriteLine($"walks per reader: {string.Join(", ", walks)}");
        var model = new List<(byte[] Key, byte[] Value)>();
        foreach (var l in inserted) model.AddRange(l);
        Assert.Equal(threads * perThread, mem.Entries);
        CheckAgainstModel(mem, model, seed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Entries_larger_than_a_quarter_chunk_get_a_chunk_of_their_own(bool concurrentMode)
    {
        var seed = Seed();
        var rnd = new Random(seed);
        var pool = new MemtableChunkPool(capacity: 16);
        var mem = new Memtable(1, pool);
        var model = new List<(byte[], byte[])>();
        long bigBytes = 0;
        for (var s = 1; s <= 40; s++)
        {
            var userKey = BitConverter.GetBytes(rnd.Next(20));
            var big = s % 4 == 0;
            // Big ones from just over a quarter chunk to 2.5 chunks, never near a chunk's exact size (that one would be pooled).
            var length = !big ? rnd.Next(0, 2000)
                : s % 8 == 4 ? MemtableArena.ChunkSize / 4 + rnd.Next(1, MemtableArena.ChunkSize / 2)
                : 3 * MemtableArena.ChunkSize / 2 + rnd.Next(0, MemtableArena.ChunkSize);
            var value = new byte[length];
            rnd.NextBytes(value);
            if (big) bigBytes += value.Length;
            if (concurrentMode) mem.AddConcurrently(s, ValueKind.Value, userKey, value);
            else mem.Add(s, ValueKind.Value, userKey, value);
            model.Add((InternalKey.Make(userKey, s, ValueKind.Value), value));
        }
        // The small entries fit one chunk; each big one is counted at (about) its own size.
        Assert.InRange(mem.ApproximateBytes, bigBytes + MemtableArena.ChunkSize, bigBytes + MemtableArena.ChunkSize + 10 * 256);
        CheckAgainstModel(mem, model, seed);
        mem.Unref();
        Assert.Equal(1, pool.Count); // only the full-size chunk is pooled, not the own-chunk entries
    }

    /// <summary>
    /// Chunks come back from the pool with the old memtable's bytes (nodes, links) in them: a new
    /// memtable on them must set every link and length it reads, so its contents equal its model.
    /// </summary>
    [Fact]
    public void A_memtable_on_reused_pool_chunks_holds_exactly_its_own_entries()
    {
        var seed = Seed();
        var rnd = new Random(seed);
        var pool = new MemtableChunkPool(capacity: 8);
        for (var round = 0; round < 3; round++)
        {
            var mem = new Memtable(round + 1, pool);
            var model = new List<(byte[], byte[])>();
            for (var s = 1; s <= 4000; s++)
            {
                var userKey = BitConverter.GetBytes(rnd.Next(3000));
                var key = InternalKey.Make(userKey, s, ValueKind.Value);
                var value = ValueFor(key, 700);
                if (round % 2 == 0) mem.Add(s, ValueKind.Value, userKey, value);
                else mem.AddConcurrently(s, ValueKind.Value, userKey, value);
                model.Add((key, value));
            }
            if (round > 0) Assert.True(pool.Count < 2, $"round {round} did not take the pooled chunks ({pool.Count} left)");
            CheckAgainstModel(mem, model, seed);
            mem.Unref();
            Assert.True(pool.Count >= 2, $"round {round} returned {pool.Count} chunks");
        }
    }

    /// <summary>
    /// The point of the layout: inserting allocates the arena's chunks and nothing per entry (before,
    /// each entry was a node object and a link array, ~80 B that survived into gen1/gen2), and a lookup
    /// or an iteration step allocates nothing.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inserts_allocate_only_arena_chunks_and_reads_allocate_nothing(bool concurrentMode)
    {
        var mem = new Memtable(1);
        var value = new byte[100];
        var keys = new byte[20_000][];
        for (var i = 0; i < keys.Length; i++) keys[i] = BitConverter.GetBytes(i * 7919 % keys.Length);
        // Warm both insert paths and the read paths first (the thread's splice arrays, and whatever
        // a first call's JIT or type load allocates), so only the steady state is measured.
        var warm = new Memtable(1);
        warm.Add(1, ValueKind.Value, "warm"u8, value);
        warm.AddConcurrently(2, ValueKind.Value, "warm2"u8, value);
        Assert.True(warm.TryGet(InternalKey.ForSeek("warm"u8, 5), out var w) && w.Value.Length == value.Length);
        using (var wit = warm.NewIterator())
            for (wit.SeekToFirst(); wit.Valid; wit.Next()) Assert.True(wit.Key.Length > 0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < keys.Length; i++)
        {
            if (concurrentMode) mem.AddConcurrently(i + 2, ValueKind.Value, keys[i], value);
            else mem.Add(i + 2, ValueKind.Value, keys[i], value);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // ~2.8 MB of entries: 3 chunks; the chunk table grows a few times (a handful of small arrays).
        // A node object per entry would add ≥ 20k × 40 B = 800 KB; the slack is for runtime noise
        // (a tier-up's or a type load's bookkeeping landing on this thread).
        output.WriteLine($"inserts allocated {allocated} bytes, the arena {mem.ApproximateBytes}");
        Assert.True(allocated <= mem.ApproximateBytes + 16 * 1024, $"inserts allocated {allocated} bytes, the arena {mem.ApproximateBytes}");

        var seeks = new byte[keys.Length][];
        for (var i = 0; i < keys.Length; i++) seeks[i] = InternalKey.ForSeek(keys[i], long.MaxValue >> 8);
        using var it = mem.NewIterator();
        before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        foreach (var seek in seeks)
            if (mem.TryGet(seek, out var node) && node.Value.Length == value.Length) found++;
        var steps = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) steps += it.Key.Length > 0 ? 1 : 0;
        var readAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{seeks.Length} lookups and a full iteration allocated {readAllocated} bytes");
        // Steady state is 0; one object per lookup or step would be ≥ 40k × 24 B = 960 KB.
        Assert.True(readAllocated <= 16 * 1024, $"{seeks.Length} lookups and a full iteration allocated {readAllocated} bytes");
        Assert.Equal(keys.Length, found);
        Assert.Equal(keys.Length, steps);
    }
}
