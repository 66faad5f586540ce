using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests.ReadPath;

/// <summary>
/// The point-read path in steady state: gets that miss the block cache (a cache far smaller than
/// the tables) allocate no block arrays once the buffer pool, the per-thread iterators and the
/// cache's shards have warmed up — only the small <c>Block</c> object of each block read (about
/// 64 bytes; a hit allocates nothing). GC pauses under readrandom come from allocation, and this
/// one path is what readrandom runs. Also that values read under heavy eviction stay right.
/// </summary>
public class PointReadAllocationTests(ITestOutputHelper output)
{
    private const int Keys = 4000;

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D8}");

    private static byte[] ValueOf(int i, int round)
    {
        var v = new byte[200];
        new Random(i * 31 + round).NextBytes(v);
        return v;
    }

    private static IKvEngine Filled(MemoryFileSystem fs)
    {
        var engine = LsmTestEngines.Open(fs, "/db", overrides: new() { ["block_cache_size"] = "16KB", ["write_buffer_size"] = "64KB" });
        var cf = engine.ColumnFamilies[0];
        for (var i = 0; i < Keys; i++)
        {
            using var b = new WriteBatch();
            b.Put(cf, Key(i), ValueOf(i, 0));
            engine.Write(b);
        }
        engine.Flush();
        engine.CompactRange(cf);
        return engine;
    }

    [Fact]
    public void Point_gets_that_miss_the_block_cache_allocate_only_the_block_object_in_steady_state()
    {
        var fs = new MemoryFileSystem();
        using var engine = Filled(fs);
        var cf = engine.ColumnFamilies[0];
        var value = new ArrayBufferWriter<byte>(512);
        var keys = new byte[Keys][];
        for (var i = 0; i < Keys; i++) keys[i] = Key(i);
        var rng = new Random(5);
        var order = new int[20_000];
        for (var i = 0; i < order.Length; i++) order[i] = rng.Next(Keys);
        for (var i = 0; i < 5000; i++) // warm-up: pool, thread-local iterators, shard dictionaries
        {
            value.ResetWrittenCount();
            engine.TryGet(cf, keys[order[i]], value);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 5000; i < order.Length; i++)
        {
            value.ResetWrittenCount();
            if (engine.TryGet(cf, keys[order[i]], value)) found++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var gets = order.Length - 5000;
        output.WriteLine($"{allocated} bytes allocated over {gets} gets ({(double)allocated / gets:F2} per get), found {found}");
        Assert.Equal(gets, found);
        // Every get here misses (16 KiB cache): one Block object (~64 bytes) per get, plus a rare
        // growth (a shard's dictionary, a pool stack). A block array per miss would be ≥ 512 bytes
        // per get, a closure per table probe another 64+.
        Assert.True(allocated < gets * 72L + 64 * 1024, $"{allocated} bytes allocated over {gets} gets");
    }

    [Fact]
    public void Gets_and_scans_under_constant_eviction_read_the_right_values()
    {
        var fs = new MemoryFileSystem();
        using var engine = Filled(fs);
        var cf = engine.ColumnFamilies[0];
        // Overwrite half the keys so reads go through several levels and memtables too.
        for (var i = 0; i < Keys; i += 2)
        {
            using var b = new WriteBatch();
            b.Put(cf, Key(i), ValueOf(i, 1));
            engine.Write(b);
        }
        engine.Flush();
        var failures = 0;
        void Scan()
        {
            // Two iterators at once: blocks one holds get evicted by the other's misses.
            using var a = engine.NewIterator(cf);
            using var z = engine.NewIterator(cf);
            a.SeekToFirst();
            z.Seek(Key(Keys / 2));
            for (var n = 0; a.Valid; n++)
            {
                var expected = ValueOf(n, n % 2 == 0 ? 1 : 0);
                if (!a.Key.SequenceEqual(Key(n)) || !a.Value.SequenceEqual(expected)) Interlocked.Increment(ref failures);
                a.Next();
                if (z.Valid) z.Next();
            }
        }
        void Gets(int seed)
        {
            var rng = new Random(seed);
            var value = new ArrayBufferWriter<byte>(512);
            for (var t = 0; t < 3000; t++)
            {
                var i = rng.Next(Keys);
                value.ResetWrittenCount();
                if (!engine.TryGet(cf, Key(i), value) || !value.WrittenSpan.SequenceEqual(ValueOf(i, i % 2 == 0 ? 1 : 0))) Interlocked.Increment(ref failures);
            }
        }
        var threads = new[] { new Thread(Scan), new Thread(() => Gets(1)), new Thread(() => Gets(2)) };
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(0, failures);
    }
}
