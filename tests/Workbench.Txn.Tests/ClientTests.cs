using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Workbench.Txn.Storage;
using static Workbench.Txn.Tests.TxnHarness;

namespace Workbench.Txn.Tests;

public class ClientTests
{
    public static TheoryData<bool, bool, int> Modes => new()
    {
        { false, false, 16 * 1024 }, // 2PC
        { true, false, 16 * 1024 },  // async commit
        { true, true, 16 * 1024 },   // 1PC
        { false, false, 8 },         // 2PC, one key per batch
        { true, false, 8 },          // async commit across batches
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Committed_writes_are_read_by_later_transactions(bool asyncCommit, bool onePc, int batchBytes)
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(asyncCommit, onePc, batchBytes));
        using (var t = c.Begin())
        {
            t.Set(B("a"), B("1"));
            t.Set(B("b"), B(new string('x', 1000)));
            t.Set(B("c"), B("3"));
            Assert.Equal("1", S(t.Get(B("a")))); // own writes
            t.Commit();
            Assert.Equal(onePc && batchBytes > 8 ? "1pc" : asyncCommit ? "async" : "2pc", t.CommitMode);
            Assert.True(t.CommitTs > t.StartTs);
        }
        using (var t = c.Begin())
        {
            Assert.Equal("1", S(t.Get(B("a"))));
            Assert.Equal(1000, t.Get(B("b"))!.Length);
            t.Delete(B("a"));
            Assert.Null(t.Get(B("a")));
            t.Commit();
        }
        using (var t = c.Begin())
        {
            Assert.Null(t.Get(B("a")));
            Assert.Equal(["b", "c"], t.Scan(B(""), null, 10).Select(p => S(p.Key)!).ToArray());
            t.Commit();
            Assert.Equal("read-only", t.CommitMode);
        }
        Assert.Equal(0, h.Service.Concurrency.MemoryLockCount);
        Assert.Equal(0, c.Active.Count);
    }

    [Fact]
    public void Scan_merges_buffered_writes()
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(true, true));
        using (var t = c.Begin())
        {
            foreach (var k in new[] { "a", "c", "e" }) t.Set(B(k), B(k));
            t.Commit();
        }
        using var r = c.Begin();
        r.Set(B("b"), B("B"));
        r.Delete(B("c"));
        r.Set(B("e"), B("E"));
        var got = r.Scan(B("a"), B("f"), 10).Select(p => S(p.Key) + "=" + S(p.Value)).ToList();
        Assert.Equal(new List<string> { "a=a", "b=B", "e=E" }, got);
        Assert.Equal(2, r.Scan(B("a"), null, 2).Count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Concurrent_writers_of_one_key_get_a_typed_conflict_and_no_retry(bool asyncCommit, bool onePc, int batchBytes)
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(asyncCommit, onePc, batchBytes));
        var t1 = c.Begin();
        var t2 = c.Begin();
        Assert.Null(t2.Get(B("k"))); // t2 read k, so t1 cannot commit below t2's snapshot (max_ts)
        t1.Set(B("k"), B("1"));
        t2.Set(B("k"), B("2"));
        t2.Set(B("other"), B("2"));
        t1.Commit();
        var e = Assert.Throws<WriteConflictException>(() => t2.Commit());
        Assert.Equal(t1.CommitTs, e.ConflictCommitTs);
        Assert.Equal(TransactionState.Failed, t2.State);
        Assert.Equal(1, c.Stats.Conflicts);
        using var r = c.Begin();
        Assert.Equal("1", S(r.Get(B("k"))));
        Assert.Null(r.Get(B("other")));
        Assert.Equal(0, CountLocks(h));
    }

    [Fact]
    public void Insert_of_an_existing_key_is_AlreadyExist()
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(false, false));
        using (var t = c.Begin()) { t.Insert(B("k"), B("1")); t.Commit(); }
        using var t2 = c.Begin();
        t2.Insert(B("k"), B("2"));
        Assert.Throws<AlreadyExistException>(() => t2.Commit());
    }

    [Fact]
    public void Lock_key_makes_a_read_conflict()
    {
        using var h = new TxnHarness();
        using var c = h.Client(Sync(false, false));
        var t1 = c.Begin();
        t1.Get(B("guard"));
        t1.LockKey(B("guard"));
        t1.Set(B("x"), B("1"));
        using (var t2 = c.Begin()) { t2.Set(B("guard"), B("changed")); t2.Commit(); }
        Assert.Throws<WriteConflictException>(() => t1.Commit());
    }

    private static int CountLocks(TxnHarness h)
    {
        using var snap = h.Store.Snapshot(KvContext.Local);
        using var it = snap.Iterate(Cf.Lock, null, null);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        return n;
    }

    private sealed class CoordinatorDied : Exception;

    /// <summary>Kill the coordinator at a step, then a reader must end up with all-or-nothing.</summary>
    [Theory]
    [InlineData(false, CommitStep.PrimaryPrewritten, false)]
    [InlineData(false, CommitStep.AllPrewritten, false)]
    [InlineData(false, CommitStep.PrimaryCommitted, true)]
    [InlineData(false, CommitStep.CommittingSecondaryBatch, true)]
    [InlineData(true, CommitStep.PrimaryPrewritten, false)]
    [InlineData(true, CommitStep.AllPrewritten, true)]
    [InlineData(true, CommitStep.CommittingSecondaryBatch, true)]
    public void Locks_of_a_dead_coordinator_are_resolved_all_or_nothing(bool asyncCommit, CommitStep dieAt, bool expectCommitted)
    {
        using var h = new TxnHarness();
        var keys = new[] { "a", "b", "c", "d" };
        using (var c0 = h.Client(Sync(false, false)))
        using (var t = c0.Begin())
        {
            foreach (var k in keys) t.Set(B(k), B("old"));
            t.Commit();
        }
        var dying = h.Client(Sync(asyncCommit, onePc: false, batchBytes: 8) with
        {
            OnCommitStep = s => { if (s == dieAt) throw new CoordinatorDied(); },
        });
        var victim = dying.Begin();
        foreach (var k in keys) victim.Set(B(k), B("new"));
        Assert.Throws<CoordinatorDied>(() => victim.Commit());
        Assert.True(CountLocks(h) > 0);

        // A reader meets the locks; it backs off (advancing the injected clock) until the TTL expires or the primary says committed.
        using var reader = h.Client(new TxnClientOptions { LockTtlMs = 100 });
        using var r = reader.Begin();
        var seen = keys.Select(k => S(r.Get(B(k)))).ToArray();
        var expected = expectCommitted ? "new" : "old";
        Assert.All(seen, v => Assert.Equal(expected, v));
        Assert.True(reader.Stats.LockResolves > 0);
        // Every key is consistent for later readers too, once the remaining locks are resolved.
        using var r2 = reader.Begin();
        Assert.All(r2.BatchGet(keys.Select(B).ToArray()), p => Assert.Equal(expected, S(p.Value)));
    }

    [Fact]
    public void A_reader_pushes_a_live_2pc_lock_and_reads_past_it_and_the_writer_still_commits()
    {
        using var h = new TxnHarness();
        var stepped = false;
        Transaction? reader = null;
        TxnClient? rc = null;
        string? readDuringCommit = "unset";
        using var wc = h.Client(Sync(false, false) with
        {
            LockTtlMs = 10_000,
            OnCommitStep = s =>
            {
                if (s != CommitStep.AllPrewritten || stepped || reader is null) return;
                stepped = true;
                readDuringCommit = S(reader!.Get(B("k"))); // the lock is live: push min_commit_ts, read the old value
            },
        });
        rc = h.Client();
        using (var t = wc.Begin()) { t.Set(B("k"), B("old")); t.Commit(); }
        var w = wc.Begin();
        reader = rc.Begin(); // start_ts after w's start, before w's commit_ts
        w.Set(B("k"), B("new"));
        w.Commit();
        Assert.Equal("old", readDuringCommit);
        Assert.True(w.CommitTs > reader.StartTs);
        Assert.Equal(0, rc.Stats.Backoffs); // read past the lock at once
        using var after = rc.Begin();
        Assert.Equal("new", S(after.Get(B("k"))));
        reader.Dispose();
        rc.Dispose();
    }

    [Fact]
    public void Lock_wait_is_bounded()
    {
        using var h = new TxnHarness();
        // An async-commit lock cannot be pushed, so a reader must wait for it.
        var dying = h.Client(Sync(true, false) with { LockTtlMs = 1_000_000, OnCommitStep = _ => throw new CoordinatorDied() });
        var t = dying.Begin();
        t.Set(B("k"), B("v"));
        Assert.Throws<CoordinatorDied>(() => t.Commit());
        using var rc = h.Client(new TxnClientOptions { BackoffBudgetMs = 200 });
        using var r = rc.Begin();
        Assert.Throws<TxnAbortedException>(() => r.Get(B("k")));
    }
}
