using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Oracle;

namespace Workbench.Txn.Tests;

public class OracleTests
{
    [Fact]
    public void Timestamps_increase_and_carry_the_clock()
    {
        var clock = new ManualPhysicalClock(1_000_000);
        var tso = new TimestampOracle(clock, new MemoryTsoStore());
        var a = tso.GetTimestamp();
        var b = tso.GetTimestamp();
        Assert.True(b > a);
        Assert.Equal(1_000_000, TimeStamp.Physical(a));
        clock.Advance(5);
        var c = tso.GetTimestamp();
        Assert.Equal(1_000_005, TimeStamp.Physical(c));
        Assert.Equal(0UL, TimeStamp.Logical(c));
    }

    [Fact]
    public void Batch_returns_the_last_of_count_consecutive_timestamps()
    {
        var tso = new TimestampOracle(new ManualPhysicalClock(5000), new MemoryTsoStore());
        var first = tso.GetTimestamp();
        var last = tso.GetTimestamps(10);
        Assert.Equal(first + 10, last);
    }

    [Fact]
    public void Logical_overflow_moves_physical_ahead()
    {
        var clock = new ManualPhysicalClock(5000);
        var tso = new TimestampOracle(clock, new MemoryTsoStore());
        var a = tso.GetTimestamps(200_000);
        var b = tso.GetTimestamps(100_000);
        Assert.True(b > a);
        Assert.Equal(5001, TimeStamp.Physical(b));
    }

    [Fact]
    public void Clock_step_back_and_restart_never_reuse_a_timestamp()
    {
        var clock = new ManualPhysicalClock(100_000);
        var store = new MemoryTsoStore();
        var tso = new TimestampOracle(clock, store, windowMs: 3000);
        var before = tso.GetTimestamp();
        clock.Advance(2500);
        var late = tso.GetTimestamp();
        clock.Set(50_000); // the clock steps back a long way
        var afterStep = tso.GetTimestamp();
        Assert.True(afterStep > late);
        // "Crash": a new oracle on the same store, with the clock still behind.
        var restarted = new TimestampOracle(clock, store, windowMs: 3000);
        var afterRestart = restarted.GetTimestamp();
        Assert.True(afterRestart > afterStep, $"{afterRestart} <= {afterStep}");
        Assert.True(before < late);
        Assert.True(TimeStamp.Physical(afterRestart) >= store.Load() - 3000);
    }

    [Fact]
    public void High_water_is_saved_once_per_window_not_per_request()
    {
        var clock = new ManualPhysicalClock(1_000);
        var store = new MemoryTsoStore();
        var tso = new TimestampOracle(clock, store, windowMs: 1000);
        for (var i = 0; i < 100; i++)
        {
            tso.GetTimestamp();
            clock.Advance(10);
        }
        Assert.InRange(store.Saves, 1, 2);
        var served = TimeStamp.Physical(tso.GetTimestamp());
        Assert.True(store.Load() > served);
    }

    [Fact]
    public void File_store_round_trips_and_detects_corruption()
    {
        var fs = new MemoryFileSystem();
        var store = new FileTsoStore(fs, "/tso");
        Assert.Equal(0, store.Load());
        store.Save(123_456);
        Assert.Equal(123_456, new FileTsoStore(fs, "/tso").Load());
        using (var f = fs.OpenWritable("/tso/tso", WriteCategory.Other)) f.WriteAt(0, [0xFF]);
        Assert.Throws<CorruptionException>(() => new TimestampOracle(new ManualPhysicalClock(1), new FileTsoStore(fs, "/tso")));
    }

    [Fact]
    public void Batching_source_hands_out_unique_increasing_timestamps_across_threads()
    {
        var tso = new TimestampOracle(SystemPhysicalClock.Instance, new MemoryTsoStore());
        var source = new BatchingTimestampSource(tso);
        var perThread = new List<ulong>[4];
        var threads = new Thread[4];
        for (var t = 0; t < threads.Length; t++)
        {
            var list = perThread[t] = new List<ulong>();
            threads[t] = new Thread(() =>
            {
                for (var i = 0; i < 2000; i++) list.Add(source.GetTimestamp());
            });
            threads[t].Start();
        }
        foreach (var t in threads) t.Join();
        var all = new HashSet<ulong>();
        foreach (var list in perThread)
        {
            for (var i = 1; i < list.Count; i++) Assert.True(list[i] > list[i - 1]);
            foreach (var ts in list) Assert.True(all.Add(ts), $"timestamp {ts} handed out twice");
        }
        Assert.Equal(8000, source.Requests);
        Assert.True(source.OracleCalls <= source.Requests);
        // A timestamp obtained after another call returned is newer than it.
        var x = source.GetTimestamp();
        Assert.True(source.GetTimestamp() > x);
    }
}
