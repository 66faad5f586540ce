using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Tests;

/// <summary>TiKV's action tests as scenarios, on the memory engine (the engine matrix runs in <see cref="EngineMatrixTests"/>).</summary>
public sealed class ActionScenarioTests : IDisposable
{
    private readonly StoreHandle _h = TestStores.Memory();
    private readonly TxnStorage _s;

    public ActionScenarioTests() => _s = new TxnStorage(_h.Store);

    public void Dispose() => _h.Dispose();

    private static byte[] B(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    // Timestamps with a physical part, so TTLs mean something: ts(ms) = ms << 18.
    private static ulong T(long ms, ulong logical = 0) => TimeStamp.Compose(ms, logical);

    private void Prewrite(ulong startTs, string primary, params (string Key, string? Value)[] muts) =>
        _s.Prewrite(new PrewriteRequest
        {
            Mutations = muts.Select(m => m.Value is null ? Mutation.Delete(B(m.Key)) : Mutation.Put(B(m.Key), B(m.Value))).ToArray(),
            Primary = B(primary), StartTs = startTs, LockTtl = 100,
        });

    private void Commit(ulong startTs, ulong commitTs, params string[] keys) =>
        _s.Commit(new CommitRequest(keys.Select(B).ToArray(), startTs, commitTs));

    private string? Get(string key, ulong ts) => _s.Get(B(key), ts) is { } v ? System.Text.Encoding.UTF8.GetString(v) : null;

    private int Count(Cf cf)
    {
        using var snap = _h.Store.Snapshot(KvContext.Local);
        using var it = snap.Iterate(cf, null, null);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        return n;
    }

    [Fact]
    public void Prewrite_then_commit_is_visible_only_from_commit_ts()
    {
        Prewrite(T(10), "a", ("a", "1"), ("b", "2"));
        Assert.Equal(2, Count(Cf.Lock));
        Assert.Null(Get("a", T(9)));
        Assert.Throws<KeyIsLockedException>(() => Get("a", T(11)));
        Commit(T(10), T(12), "a", "b");
        Assert.Equal(0, Count(Cf.Lock));
        Assert.Equal(2, Count(Cf.Write));
        Assert.Equal(0, Count(Cf.Default)); // short values live in the write records
        Assert.Null(Get("a", T(11)));
        Assert.Equal("1", Get("a", T(12)));
        Assert.Equal("2", Get("b", T(100)));
    }

    [Fact]
    public void Long_values_go_to_cf_default_at_start_ts()
    {
        var big = new string('x', 256);
        var small = new string('y', 255);
        Prewrite(T(10), "a", ("a", big), ("b", small));
        Assert.Equal(1, Count(Cf.Default));
        Commit(T(10), T(11), "a", "b");
        Assert.Equal(big, Get("a", T(11)));
        Assert.Equal(small, Get("b", T(11)));
        using var snap = _h.Store.Snapshot(KvContext.Local);
        Assert.NotNull(snap.Get(Cf.Default, MvccKey.EncodeWithTs(B("a"), T(10))));
        var w = WriteRecord.Parse(snap.Get(Cf.Write, MvccKey.EncodeWithTs(B("a"), T(11)))!);
        Assert.Null(w.ShortValue);
        Assert.Equal(T(10), w.StartTs);
    }

    [Fact]
    public void Another_lock_is_KeyIsLocked_and_a_newer_write_is_WriteConflict()
    {
        Prewrite(T(10), "a", ("a", "1"));
        var locked = Assert.Throws<KeyIsLockedException>(() => Prewrite(T(20), "a", ("a", "2"), ("c", "3")));
        Assert.Single(locked.Locks);
        Assert.Equal(T(10), locked.Locks[0].Lock.StartTs);
        Assert.Equal(1, Count(Cf.Lock)); // nothing of txn 20 was written
        Commit(T(10), T(15), "a");
        var conflict = Assert.Throws<WriteConflictException>(() => Prewrite(T(12), "a", ("a", "2")));
        Assert.Equal(T(15), conflict.ConflictCommitTs);
        Assert.Equal(T(10), conflict.ConflictStartTs);
        Prewrite(T(16), "a", ("a", "3")); // a newer start_ts is fine
    }

    [Fact]
    public void Insert_over_a_visible_value_is_AlreadyExist_but_over_a_delete_is_fine()
    {
        Prewrite(T(1), "a", ("a", "1"));
        Commit(T(1), T(2), "a");
        var req = new PrewriteRequest { Mutations = [new Mutation(MutationOp.Insert, B("a"), B("x"))], Primary = B("a"), StartTs = T(3) };
        Assert.Throws<AlreadyExistException>(() => _s.Prewrite(req));
        Prewrite(T(4), "a", ("a", null));
        Commit(T(4), T(5), "a");
        _s.Prewrite(req with { StartTs = T(6) });
    }

    [Fact]
    public void Prewrite_and_commit_retries_are_idempotent()
    {
        Prewrite(T(10), "a", ("a", "1"));
        Prewrite(T(10), "a", ("a", "1"));
        Assert.Equal(1, Count(Cf.Lock));
        Commit(T(10), T(11), "a");
        Commit(T(10), T(11), "a");
        Prewrite(T(10), "a", ("a", "1")); // late duplicate after commit: sees its own commit record
        Assert.Equal(0, Count(Cf.Lock));
        Assert.Equal("1", Get("a", T(11)));
    }

    [Fact]
    public void Rollback_without_a_lock_protects_against_a_late_prewrite()
    {
        _s.BatchRollback(new RollbackRequest([B("a")], T(10)));
        using (var snap = _h.Store.Snapshot(KvContext.Local))
            Assert.True(WriteRecord.Parse(snap.Get(Cf.Write, MvccKey.EncodeWithTs(B("a"), T(10)))!).IsProtectedRollback);
        var e = Assert.Throws<WriteConflictException>(() => Prewrite(T(10), "a", ("a", "1")));
        Assert.Equal(T(10), e.ConflictCommitTs);
        Assert.Throws<TxnLockNotFoundException>(() => Commit(T(10), T(11), "a"));
        _s.BatchRollback(new RollbackRequest([B("a")], T(10))); // idempotent
        Assert.Null(Get("a", T(20)));
    }

    [Fact]
    public void Rollback_removes_lock_and_long_value_and_refuses_a_committed_txn()
    {
        Prewrite(T(10), "a", ("a", new string('v', 300)));
        _s.BatchRollback(new RollbackRequest([B("a")], T(10)));
        Assert.Equal(0, Count(Cf.Lock));
        Assert.Equal(0, Count(Cf.Default));
        Assert.Throws<TxnLockNotFoundException>(() => Commit(T(10), T(11), "a"));
        Prewrite(T(20), "a", ("a", "1"));
        Commit(T(20), T(21), "a");
        Assert.Throws<CommittedException>(() => _s.BatchRollback(new RollbackRequest([B("a")], T(20))));
    }

    [Fact]
    public void Reads_skip_rollback_and_lock_records()
    {
        Prewrite(T(1), "a", ("a", "1"));
        Commit(T(1), T(2), "a");
        _s.BatchRollback(new RollbackRequest([B("a")], T(3)));
        _s.Prewrite(new PrewriteRequest { Mutations = [new Mutation(MutationOp.Lock, B("a"))], Primary = B("a"), StartTs = T(4) });
        Assert.Equal("1", Get("a", T(5))); // a Lock-type lock does not block readers
        Commit(T(4), T(5), "a");
        Assert.Equal("1", Get("a", T(6)));
        Prewrite(T(7), "a", ("a", null));
        Commit(T(7), T(8), "a");
        Assert.Null(Get("a", T(8)));
        Assert.Equal("1", Get("a", T(7)));
    }

    [Fact]
    public void Check_txn_status_rolls_back_an_expired_lock_by_the_clock()
    {
        Prewrite(T(1000), "p", ("p", "1"), ("s", "2")); // ttl 100 ms
        var alive = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(1000), CurrentTs = T(1099) });
        Assert.Equal(TxnStatusKind.Locked, alive.Kind);
        var expired = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(1000), CurrentTs = T(1100) });
        Assert.Equal(TxnStatusKind.TtlExpireRollback, expired.Kind);
        var again = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(1000), CurrentTs = T(1200) });
        Assert.Equal(TxnStatusKind.RolledBack, again.Kind);
        // The secondary is then resolved as rolled back; the coordinator's late commit fails.
        _s.ResolveLock(new ResolveLockRequest(T(1000), 0, [B("s")]));
        Assert.Equal(0, Count(Cf.Lock));
        Assert.Throws<TxnLockNotFoundException>(() => Commit(T(1000), T(1300), "p"));
    }

    [Fact]
    public void Check_txn_status_reports_commit_and_missing_locks()
    {
        Prewrite(T(10), "p", ("p", "1"));
        Commit(T(10), T(11), "p");
        var st = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(10), CurrentTs = T(50) });
        Assert.Equal(TxnStatusKind.Committed, st.Kind);
        Assert.Equal(T(11), st.CommitTs);
        Assert.Throws<TxnNotFoundException>(() =>
            _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("q"), LockTs = T(20), CurrentTs = T(50) }));
        var rb = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("q"), LockTs = T(20), CurrentTs = T(50), RollbackIfNotExist = true });
        Assert.Equal(TxnStatusKind.LockNotExistRollback, rb.Kind);
        // The primary's prewrite arriving late cannot succeed.
        Assert.Throws<WriteConflictException>(() => Prewrite(T(20), "q", ("q", "x")));
    }

    [Fact]
    public void Pushed_min_commit_ts_lets_the_reader_pass_and_expires_a_lower_commit_ts()
    {
        Prewrite(T(10), "p", ("p", "1"));
        Assert.Throws<KeyIsLockedException>(() => Get("p", T(20)));
        var st = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(10), CallerStartTs = T(20), CurrentTs = T(20) });
        Assert.True(st.MinCommitTsPushed);
        Assert.Equal(T(20) + 1, st.Lock!.MinCommitTs);
        Assert.Null(Get("p", T(20))); // the lock now commits above 20
        var e = Assert.Throws<CommitTsExpiredException>(() => Commit(T(10), T(15), "p"));
        Assert.Equal(T(20) + 1, e.MinCommitTs);
        Commit(T(10), T(21), "p");
        Assert.Equal("1", Get("p", T(21)));
    }

    [Fact]
    public void Resolve_lock_commits_every_lock_of_a_txn_found_by_scanning()
    {
        Prewrite(T(10), "a", ("a", "1"), ("b", "2"), ("c", "3"));
        Prewrite(T(11), "d", ("d", "4"));
        Commit(T(10), T(12), "a");
        _s.ResolveLock(new ResolveLockRequest(T(10), T(12)));
        Assert.Equal("2", Get("b", T(12)));
        Assert.Equal("3", Get("c", T(12)));
        Assert.Equal(1, Count(Cf.Lock)); // only txn 11's lock is left
    }

    [Fact]
    public void Async_commit_recovers_through_check_secondary_locks()
    {
        _s.Concurrency.UpdateMaxTs(T(30)); // a reader already read at 30
        var r1 = _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("p"), B("1"))], Primary = B("p"), StartTs = T(10), LockTtl = 100, UseAsyncCommit = true,
            Secondaries = [B("s1"), B("s2")],
        });
        Assert.True(r1.MinCommitTs > T(30)); // commits above every read already served
        var r2 = _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("s1"), B("2")), Mutation.Put(B("s2"), B("3"))], Primary = B("p"), StartTs = T(10), LockTtl = 100, UseAsyncCommit = true,
        });
        Assert.Equal(0, _s.Concurrency.MemoryLockCount);
        // The coordinator dies here. A resolver finds the primary's expired async lock: Locked, not rolled back.
        var st = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(10), CurrentTs = T(500) });
        Assert.Equal(TxnStatusKind.Locked, st.Kind);
        Assert.True(st.Lock!.UseAsyncCommit);
        Assert.Equal(2, st.Lock.Secondaries.Count);
        var sec = _s.CheckSecondaryLocks(new CheckSecondaryLocksRequest(st.Lock.Secondaries, T(10)));
        Assert.Equal(SecondaryLocksStatusKind.Locked, sec.Kind);
        var commitTs = Math.Max(st.Lock.MinCommitTs, sec.Locks.Max(l => l.Lock.MinCommitTs));
        Assert.Equal(Math.Max(r1.MinCommitTs, r2.MinCommitTs), commitTs);
        _s.ResolveLock(new ResolveLockRequest(T(10), commitTs, [B("p"), B("s1"), B("s2")]));
        Assert.Equal("3", Get("s2", commitTs));
        Assert.Null(Get("s2", T(30)));
    }

    [Fact]
    public void Async_commit_with_a_missing_secondary_is_rolled_back_and_the_late_prewrite_fails()
    {
        _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("p"), B("1"))], Primary = B("p"), StartTs = T(10), LockTtl = 100, UseAsyncCommit = true, Secondaries = [B("s1")],
        });
        var sec = _s.CheckSecondaryLocks(new CheckSecondaryLocksRequest([B("s1")], T(10)));
        Assert.Equal(SecondaryLocksStatusKind.RolledBack, sec.Kind);
        Assert.Throws<WriteConflictException>(() => _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("s1"), B("2"))], Primary = B("p"), StartTs = T(10), UseAsyncCommit = true,
        }));
        var st = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("p"), LockTs = T(10), CurrentTs = T(500), ForceSyncCommit = true });
        Assert.Equal(TxnStatusKind.TtlExpireRollback, st.Kind);
        Assert.Null(Get("p", T(1000)));
    }

    [Fact]
    public void Rollback_overlapping_an_async_lock_marks_its_commit_record()
    {
        _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("k"), B("1"))], Primary = B("k"), StartTs = T(10), UseAsyncCommit = true, Secondaries = [],
        });
        var rollbackTs = T(20);
        _s.BatchRollback(new RollbackRequest([B("k")], rollbackTs)); // another txn with start_ts 20 rolls back on k
        using (var snap = _h.Store.Snapshot(KvContext.Local))
            Assert.Contains(rollbackTs, LockRecord.Parse(snap.Get(Cf.Lock, MvccKey.Encode(B("k")))!).RollbackTs);
        Commit(T(10), rollbackTs, "k"); // the async txn happens to commit at exactly 20
        using (var snap = _h.Store.Snapshot(KvContext.Local))
            Assert.True(WriteRecord.Parse(snap.Get(Cf.Write, MvccKey.EncodeWithTs(B("k"), rollbackTs))!).HasOverlappedRollback);
        var st = _s.CheckTxnStatus(new CheckTxnStatusRequest { PrimaryKey = B("k"), LockTs = rollbackTs, CurrentTs = T(100) });
        Assert.Equal(TxnStatusKind.RolledBack, st.Kind);
        Assert.Equal("1", Get("k", T(20)));
    }

    [Fact]
    public void One_pc_writes_commit_records_without_locks()
    {
        var r = _s.Prewrite(new PrewriteRequest
        {
            Mutations = [Mutation.Put(B("a"), B("1")), Mutation.Put(B("b"), B(new string('z', 400)))], Primary = B("a"), StartTs = T(10), TryOnePc = true,
        });
        Assert.True(r.OnePcCommitTs > T(10));
        Assert.Equal(0, Count(Cf.Lock));
        Assert.Equal(new string('z', 400), Get("b", r.OnePcCommitTs));
        Assert.Null(Get("a", r.OnePcCommitTs - 1));
    }

    [Fact]
    public void Scan_returns_visible_values_in_order_and_reports_locks()
    {
        for (var i = 0; i < 10; i++)
        {
            Prewrite(T(10 + i * 2), $"k{i}", ($"k{i}", $"v{i}"));
            Commit(T(10 + i * 2), T(11 + i * 2), $"k{i}");
        }
        Prewrite(T(40), "k3", ("k3", null));
        Commit(T(40), T(41), "k3");
        var all = _s.Scan(B("k"), null, 100, T(50));
        Assert.Equal(9, all.Count);
        Assert.DoesNotContain(all, p => p.Key.SequenceEqual(B("k3")));
        var old = _s.Scan(B("k2"), B("k5"), 100, T(18));
        Assert.Equal(["k2", "k3"], old.Select(p => System.Text.Encoding.UTF8.GetString(p.Key)).ToArray());
        Assert.Equal(3, _s.Scan(B("k"), null, 3, T(50)).Count);
        Prewrite(T(60), "k5", ("k5", "new"));
        Assert.Throws<KeyIsLockedException>(() => _s.Scan(B("k"), null, 100, T(70)));
        Assert.Equal(9, _s.Scan(B("k"), null, 100, T(70), [T(60)]).Count); // bypassed
        Assert.Equal(4, _s.Scan(B("k"), B("k5"), 100, T(70)).Count); // the lock is outside [k, k5); k3 is deleted
    }

    [Fact]
    public void Stats_count_bytes_per_cf()
    {
        Prewrite(T(10), "a", ("a", new string('x', 1000)));
        Commit(T(10), T(11), "a");
        Assert.True(_s.Stats.Bytes(TxnWriteCategory.Txn, Cf.Default) > 1000);
        Assert.True(_s.Stats.Bytes(TxnWriteCategory.Txn, Cf.Lock) > 0);
        Assert.True(_s.Stats.Bytes(TxnWriteCategory.Txn, Cf.Write) > 0);
        Assert.Equal(0, _s.Stats.Bytes(TxnWriteCategory.MvccGc));
    }
}
