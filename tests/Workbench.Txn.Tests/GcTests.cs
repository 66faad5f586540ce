using Workbench.Txn.Gc;
using Workbench.Txn.Storage;
using static Workbench.Txn.Tests.TxnHarness;

namespace Workbench.Txn.Tests;

public class GcTests
{
    private static int Count(TxnHarness h, Cf cf)
    {
        using var snap = h.Store.Snapshot(KvContext.Local);
        using var it = snap.Iterate(cf, null, null);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        return n;
    }

    [Fact]
    public void Gc_keeps_the_newest_version_at_the_safe_point_and_never_what_a_live_snapshot_reads()
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(false, false));
        var big = new string('x', 300);
        for (var i = 0; i < 5; i++)
        {
            using var t = c.Begin();
            t.Set(B("k"), B(big + i));
            t.Set(B("gone"), B("v" + i));
            t.Commit();
        }
        using (var t = c.Begin()) { t.Delete(B("gone")); t.Commit(); }
        var live = c.Begin(); // a snapshot someone still reads
        using (var t = c.Begin()) { t.Set(B("k"), B(big + "new")); t.Commit(); }
        h.Clock!.Advance(60_000);
        var gc = new MvccGarbageCollector(h.Service, h.Source, () => c.Active.MinStartTs, new GcOptions { LifeTimeMs = 1000 });
        var sp = gc.ComputeSafePoint();
        Assert.True(sp < live.StartTs);
        var r = gc.RunOnce(sp);
        Assert.Equal(big + "4", S(live.Get(B("k"))));
        Assert.Null(live.Get(B("gone")));
        Assert.True(r.VersionsDeleted >= 4 + 6);
        Assert.Equal(4, r.ValuesDeleted);
        Assert.Equal(2, Count(h, Cf.Write)); // k: the newest at the safe point + the newer one; gone: nothing
        Assert.Equal(2, Count(h, Cf.Default));
        Assert.True(h.Service.Stats.Bytes(TxnWriteCategory.MvccGc) > 0);
        live.Dispose();
        var r2 = gc.RunOnce();
        Assert.Equal(1, Count(h, Cf.Write));
        using var after = c.Begin();
        Assert.Equal(big + "new", S(after.Get(B("k"))));
        Assert.True(r2.SafePoint > sp);
    }

    [Fact]
    public void Gc_resolves_stale_locks_of_dead_transactions()
    {
        using var h = new TxnHarness();
        var dying = h.Client(Sync(false, false, batchBytes: 2) with { OnCommitStep = s => { if (s == Client.CommitStep.PrimaryCommitted) throw new InvalidOperationException("dead"); } });
        var t = dying.Begin();
        t.Set(B("a"), B("1"));
        t.Set(B("b"), B("2"));

        Assert.Throws<InvalidOperationException>(() => t.Commit());
        Assert.Equal(1, Count(h, Cf.Lock)); // the primary (a) committed; b, its own batch, is still locked
        h.Clock!.Advance(60_000);
        var gc = new MvccGarbageCollector(h.Service, h.Source, () => null, new GcOptions { LifeTimeMs = 1000 });
        var r = gc.RunOnce();
        Assert.Equal(1, r.LocksResolved);
        Assert.Equal(0, Count(h, Cf.Lock));
        using var c = h.Client();
        using var read = c.Begin();
        Assert.Equal("2", S(read.Get(B("b"))));
    }

    [Fact]
    public void Background_gc_runs_rounds_rate_limited()
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(true, true));
        for (var i = 0; i < 20; i++) { using var t = c.Begin(); t.Set(B("k"), B("v" + i)); t.Commit(); }
        h.Clock!.Advance(60_000);
        var slept = 0L;
        using var gc = new MvccGarbageCollector(h.Service, h.Source, () => c.Active.MinStartTs,
            new GcOptions { LifeTimeMs = 1000, IntervalMs = 10, MaxBytesPerSecond = 10, BatchModifications = 4 }, ms => Interlocked.Add(ref slept, ms));
        gc.Start();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (gc.Rounds < 2 && DateTime.UtcNow < deadline) Thread.Yield();
        Assert.True(gc.Rounds >= 2);
        Assert.True(Interlocked.Read(ref slept) > 0); // the limiter made it wait
        Assert.Equal(1, Count(h, Cf.Write));
    }
}
