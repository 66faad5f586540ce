using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// allow_concurrent_memtable_write: the CAS-linked skip list under several inserting threads, and
/// the engine's in-order publication of sequences (a reader never sees a write without every write
/// logged before it; a writer always sees its own write once Put returns). Randomized: the seed is
/// printed, replay with WORKBENCH_SEED.
/// </summary>
public class ConcurrentMemtableWriteTests(ITestOutputHelper output)
{
    private int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WORKBENCH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
        return seed;
    }

    /// <summary>
    /// Model check: 4 threads insert random keys (some user keys shared, so versions interleave) while
    /// a reader walks the list; every walk is in internal-key order, and at the end the list holds
    /// exactly the inserted entries, each found by a point lookup.
    /// </summary>
    [Fact]
    public void Concurrent_inserts_keep_the_list_ordered_and_lose_nothing()
    {
        var seed = Seed();
        const int threads = 4, perThread = 15_000;
        var mem = new Memtable(1);
        long nextSeq = 0;
        var inserted = new List<byte[]>[threads];
        var done = 0;
        string? failure = null;
        var reader = new Thread(() =>
        {
            while (Volatile.Read(ref done) < threads && failure is null)
            {
                using var it = mem.NewIterator();
                byte[]? last = null;
                for (it.SeekToFirst(); it.Valid; it.Next())
                {
                    var k = it.Key.ToArray();
                    if (last is not null && InternalKey.Compare(last, k) >= 0) { failure = "walk out of internal-key order"; break; }
                    last = k;
                }
            }
        });
        reader.Start();
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var id = t;
            inserted[id] = new List<byte[]>(perThread);
            workers[t] = new Thread(() =>
            {
                var rnd = new Random(seed + id);
                for (var i = 0; i < perThread; i++)
                {
                    var key = System.Text.Encoding.ASCII.GetBytes($"k{rnd.Next(5000):D5}");
                    var seq = Interlocked.Increment(ref nextSeq);
                    var value = BitConverter.GetBytes(seq);
                    mem.AddConcurrently(seq, ValueKind.Value, key, value);
                    inserted[id].Add(InternalKey.Make(key, seq, ValueKind.Value));
                }
                Interlocked.Increment(ref done);
            });
            workers[t].Start();
        }
        foreach (var w in workers) Assert.True(w.Join(TimeSpan.FromMinutes(2)), $"an inserter never finished, seed {seed}");
        Assert.True(reader.Join(TimeSpan.FromMinutes(2)), $"the reader never finished, seed {seed}");
        Assert.Null(failure);

        var expected = new List<byte[]>();
        foreach (var l in inserted) expected.AddRange(l);
        expected.Sort((a, b) => InternalKey.Compare(a, b));
        using (var it = mem.NewIterator())
        {
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++)
                Assert.True(i < expected.Count && it.Key.SequenceEqual(expected[i]), $"entry {i} differs from the model, seed {seed}");
            Assert.Equal(expected.Count, i);
        }
        Assert.Equal(threads * perThread, mem.Entries);
        Assert.Equal(threads * perThread, mem.LargestSequence);
        foreach (var e in expected)
        {
            var seq = InternalKey.Sequence(e);
            Assert.True(mem.TryGet(InternalKey.ForSeek(InternalKey.UserKey(e), seq), out var node), $"sequence {seq} not found, seed {seed}");
            Assert.Equal(seq, InternalKey.Sequence(node!.Key));
        }
    }

    /// <summary>
    /// Several writers with tiny memtables (switches and flushes during the run), each writing its own
    /// keys in order; a reader's snapshot always shows each writer's keys as a prefix and stays the
    /// same while it is read (two scans of one snapshot agree — a batch published before an older
    /// one finished inserting fails this within seconds), each writer reads its write back at once,
    /// and all survive a reopen.
    /// </summary>
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Writers_see_their_writes_and_readers_see_a_prefix_of_every_writer(string concurrent)
    {
        var seed = Seed();
        const int threads = 4, perThread = 1500;
        var fs = new MemoryFileSystem();
        var overrides = new Dictionary<string, string> { ["allow_concurrent_memtable_write"] = concurrent, ["write_buffer_size"] = "32KB" };
        string? failure = null;
        using (var e = LsmTestEngines.Open(fs, "/db", overrides: overrides))
        {
            var cf = e.DefaultColumnFamily();
            var done = 0;
            var reader = new Thread(() =>
            {
                var rnd = new Random(seed);
                var probe = new int[threads];
                var seen = new bool[threads];
                while (Volatile.Read(ref done) < threads && failure is null)
                {
                    using var snap = e.GetSnapshot();
                    var options = new ReadOptions { Snapshot = snap };
                    for (var t = 0; t < threads && failure is null; t++)
                    {
                        // Prefix check: a visible key i implies visible keys below i.
                        var i = probe[t] = rnd.Next(perThread);
                        seen[t] = e.Get(cf, Key(t, i), options) is not null;
                        if (!seen[t]) continue;
                        var j = rnd.Next(i + 1);
                        if (e.Get(cf, Key(t, j), options) is null) failure = $"snapshot shows writer {t}'s key {i} but not its earlier key {j}";
                    }
                    // Repeatable: a snapshot's sequence covers only fully inserted batches, so nothing
                    // appears in it later (a batch published before an older one finished would).
                    for (var t = 0; t < threads && failure is null; t++)
                        if ((e.Get(cf, Key(t, probe[t]), options) is not null) != seen[t]) failure = $"writer {t}'s key {probe[t]} changed visibility within one snapshot";
                    var first = Count(e, cf, options);
                    var again = Count(e, cf, options);
                    if (first != again && failure is null) failure = $"one snapshot scanned {first} keys, then {again}";
                }
            });
            reader.Start();
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                var id = t;
                workers[t] = new Thread(() =>
                {
                    var rnd = new Random(seed + 1 + id);
                    var value = new byte[100 + rnd.Next(400)];
                    for (var i = 0; i < perThread && failure is null; i++)
                    {
                        rnd.NextBytes(value);
                        using (var b = new WriteBatch())
                        {
                            b.Put(cf, Key(id, i), value);
                            if (rnd.Next(8) == 0) b.Put(cf, System.Text.Encoding.ASCII.GetBytes($"shared{rnd.Next(50)}"), value);
                            e.Write(b);
                        }
                        if (e.Get(cf, Key(id, i)) is not { } got || !got.AsSpan().SequenceEqual(value)) failure = $"writer {id} did not read back its key {i}";
                    }
                    Interlocked.Increment(ref done);
                });
                workers[t].Start();
            }
            foreach (var w in workers) Assert.True(w.Join(TimeSpan.FromMinutes(2)), $"a writer never finished, seed {seed}");
            Assert.True(reader.Join(TimeSpan.FromMinutes(2)), $"the reader never finished, seed {seed}");
            Assert.Null(failure);
            Assert.True(e.GetMetrics().Counters["flush.count"] > 0, "no memtable switch happened during the run");
        }
        using var reopened = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        var rcf = reopened.DefaultColumnFamily();
        for (var t = 0; t < threads; t++)
            for (var i = 0; i < perThread; i++)
                Assert.True(reopened.Get(rcf, Key(t, i)) is not null, $"writer {t}'s key {i} lost after reopen, seed {seed}");
    }

    private static int Count(IKvEngine e, ColumnFamilyHandle cf, ReadOptions options)
    {
        using var it = e.NewIterator(cf, options);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        return n;
    }

    private static byte[] Key(int thread, int i) => System.Text.Encoding.ASCII.GetBytes($"w{thread}-{i:D6}");
}
