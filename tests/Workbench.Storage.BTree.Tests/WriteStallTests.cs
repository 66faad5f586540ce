using System.Diagnostics;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.WritePath;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// Issue 21 (5): a writer that misses the pool takes a clean victim wherever one is (a whole round
/// of the clock) instead of writing a dirty one back on its own path; and the stall histogram names
/// the part of the write path a slow write spent its time in. Counted, never timed.
/// </summary>
public sealed class WriteStallTests
{
    private const int PageSize = 4096;
    private const int Capacity = 600;

    /// <summary>A full pool of dirty, unpinned pages except one clean frame <paramref name="cleanAt"/> frames after the clock's first dirty candidate.</summary>
    private static PageCache FullDirtyPoolWithOneCleanFrame(int cleanAt, int search)
    {
        var fs = new MemoryFileSystem();
        var file = fs.OpenWritable("/p", WriteCategory.Page);
        var cache = new PageCache(file, "/p", PageSize, Capacity) { PreferCleanVictims = true, CleanVictimSearch = search };
        for (var id = 0; id < Capacity; id++)
        {
            cache.Unpin(cache.Create(id));
        }
        Assert.True(cache.WriteIfDirty(cleanAt, WriteCategory.Page));
        Assert.Equal(Capacity - 1, cache.DirtyPages);
        return cache;
    }

    [Fact]
    public void A_writer_takes_a_clean_victim_anywhere_in_the_pool_instead_of_writing_back()
    {
        // The clean frame sits 400 frames past the first dirty candidate: beyond the old fixed
        // search of 256, within one round.
        var cache = FullDirtyPoolWithOneCleanFrame(cleanAt: 400, search: 0);
        var f = cache.Create(Capacity);
        cache.Unpin(f);
        Assert.Equal(0, cache.WriteBacks);
        Assert.Equal(1, cache.Evictions);
        Assert.Equal(0, cache.Overcommits);

        // Every unpinned frame dirty now: the writer has no choice but one write-back.
        var g = cache.Create(Capacity + 1);
        cache.Unpin(g);
        Assert.Equal(1, cache.WriteBacks);
    }

    [Fact]
    public void A_bounded_victim_search_writes_back_when_the_clean_frame_is_beyond_it()
    {
        var cache = FullDirtyPoolWithOneCleanFrame(cleanAt: 400, search: 256);
        var f = cache.Create(Capacity);
        cache.Unpin(f);
        Assert.Equal(1, cache.WriteBacks);
    }

    [Fact]
    public void A_write_is_attributed_to_the_part_it_spent_most_time_in()
    {
        var ms = Stopwatch.Frequency / 1000;
        Assert.Equal(StallCause.WriteBack, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Wal = ms, Apply = 8 * ms, WriteBack = 6 * ms, PageRead = ms }));
        Assert.Equal(StallCause.Apply, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Wal = ms, Apply = 9 * ms, WriteBack = ms, PageRead = ms }));
        Assert.Equal(StallCause.Wal, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Wal = 7 * ms, Apply = 2 * ms }));
        Assert.Equal(StallCause.WriteStop, WriteStallProfile.Classify(new WriteParts { Total = 60 * ms, WriteStop = 55 * ms, Wal = ms }));
        Assert.Equal(StallCause.Unaccounted, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Wal = ms, Apply = ms }));
        Assert.Equal(StallCause.Gc, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Apply = 9 * ms, Gc = 8 * ms, PageRead = ms }));
        Assert.Equal(StallCause.PoolLock, WriteStallProfile.Classify(new WriteParts { Total = 10 * ms, Apply = 9 * ms, PoolLock = 6 * ms }));

        var profile = new WriteStallProfile();
        profile.Note(new WriteParts { Total = ms / 2, Wal = ms / 2 }); // under 1 ms: not counted
        profile.Note(new WriteParts { Total = 6 * ms, Wal = 5 * ms });
        profile.Note(new WriteParts { Total = 70 * ms, WriteStop = 69 * ms });
        var c = new Dictionary<string, long>();
        profile.AddCounters(c);
        Assert.Equal(1, c["btree.write.stall.wal.over_1ms"]);
        Assert.Equal(1, c["btree.write.stall.wal.over_5ms"]);
        Assert.Equal(0, c["btree.write.stall.wal.over_50ms"]);
        Assert.Equal(1, c["btree.write.stall.write_stop.over_50ms"]);
        Assert.InRange(c["btree.write.stall.write_stop.max_us"], 69_000, 71_000);
        Assert.Equal(0, c["btree.write.stall.gc.over_1ms"]);
    }

    [Fact]
    public void The_engine_reports_a_consistent_stall_histogram()
    {
        var fs = new MemoryFileSystem();
        using var e = BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var value = new byte[500];
        for (var i = 0; i < 3000; i++) e.Put(cf, K(i * 7919 % 3000), value);
        var c = e.GetMetrics().Counters;
        long over1 = 0;
        foreach (var cause in Enum.GetValues<StallCause>())
        {
            var a = c[WriteStallProfile.CounterName(cause, 0)];
            var b = c[WriteStallProfile.CounterName(cause, 1)];
            var d = c[WriteStallProfile.CounterName(cause, 2)];
            Assert.True(a >= b && b >= d, $"{cause}: buckets not nested ({a}, {b}, {d})");
            Assert.True(a == 0 || c[WriteStallProfile.MaxCounterName(cause)] >= 1000, $"{cause}: counted a write over 1 ms but its max is under 1 ms");
            over1 += a;
        }
        Assert.InRange(over1, 0, 3000);
        // A write attributed to write-back means the pool wrote a victim back.
        if (c[WriteStallProfile.CounterName(StallCause.WriteBack, 0)] > 0) Assert.True(c["btree.cache.write_backs"] > 0);
    }
}
