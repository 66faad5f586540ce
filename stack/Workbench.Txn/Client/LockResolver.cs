using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Txn.Client;

/// <summary>
/// client-go's lock resolver. For each transaction whose locks were met: check_txn_status on its
/// primary (pushing min_commit_ts above the reader's start_ts); committed → commit the locks; rolled
/// back (or TTL expired, or primary lock lost and this lock expired) → roll them back; an
/// expired async-commit primary → check_secondary_locks and finish it either way; a live lock whose
/// commit_ts is now above the reader → read past it; otherwise the caller must back off.
/// Thread-safe (stateless beyond the service).
/// </summary>
internal sealed class LockResolver
{
    private readonly ITxnKvService _kv;
    private readonly ITimestampSource _tso;
    private readonly TxnClientStats _stats;

    public LockResolver(ITxnKvService kv, ITimestampSource tso, TxnClientStats stats)
    {
        _kv = kv;
        _tso = tso;
        _stats = stats;
    }

    /// <summary>
    /// Tries to get every lock out of the caller's way. <paramref name="callerStartTs"/> = 0 for
    /// writers (no push). Locks the reader may now read past are added to <paramref name="bypass"/>.
    /// Returns false when some lock is alive and the caller must back off and retry.
    /// </summary>
    public bool Resolve(IReadOnlyList<LockInfo> locks, ulong callerStartTs, HashSet<ulong>? bypass)
    {
        var byTxn = new Dictionary<ulong, List<LockInfo>>();
        foreach (var l in locks)
        {
            if (!byTxn.TryGetValue(l.Lock.StartTs, out var list)) byTxn[l.Lock.StartTs] = list = [];
            list.Add(l);
        }
        var all = true;
        foreach (var (startTs, txnLocks) in byTxn)
            all &= ResolveTxn(startTs, txnLocks, callerStartTs, bypass);
        return all;
    }

    private bool ResolveTxn(ulong startTs, List<LockInfo> locks, ulong callerStartTs, HashSet<ulong>? bypass)
    {
        var first = locks[0].Lock;
        var currentTs = _tso.GetTimestamp();
        TxnStatus status;
        try
        {
            status = _kv.CheckTxnStatus(new CheckTxnStatusRequest
            {
                PrimaryKey = first.Primary, LockTs = startTs, CallerStartTs = callerStartTs, CurrentTs = currentTs,
                RollbackIfNotExist = first.IsExpired(currentTs),
            });
        }
        catch (TxnNotFoundException)
        {
            return false; // the primary's prewrite may still be on its way; this lock is alive
        }
        var keys = new byte[locks.Count][];
        for (var i = 0; i < keys.Length; i++) keys[i] = locks[i].Key;
        switch (status.Kind)
        {
            case TxnStatusKind.Committed:
                _kv.ResolveLock(new ResolveLockRequest(startTs, status.CommitTs, keys));
                Interlocked.Add(ref _stats.LockResolveCount, keys.Length);
                return true;
            case TxnStatusKind.RolledBack:
            case TxnStatusKind.TtlExpireRollback:
            case TxnStatusKind.LockNotExistRollback:
                _kv.ResolveLock(new ResolveLockRequest(startTs, 0, keys));
                Interlocked.Add(ref _stats.LockResolveCount, keys.Length);
                return true;
        }
        var primaryLock = status.Lock!;
        if (primaryLock.UseAsyncCommit)
        {
            if (!primaryLock.IsExpired(currentTs)) return ReadPast(startTs, primaryLock.MinCommitTs, callerStartTs, bypass);
            ResolveAsyncCommit(startTs, primaryLock, keys);
            Interlocked.Add(ref _stats.LockResolveCount, keys.Length);
            return true;
        }
        return ReadPast(startTs, primaryLock.MinCommitTs, callerStartTs, bypass);
    }

    private bool ReadPast(ulong startTs, ulong minCommitTs, ulong callerStartTs, HashSet<ulong>? bypass)
    {
        if (callerStartTs == 0 || bypass is null || minCommitTs <= callerStartTs) return false;
        bypass.Add(startTs);
        Interlocked.Increment(ref _stats.LockResolveCount);
        return true;
    }

    /// <summary>An async-commit transaction is committed iff every secondary is prewritten; find out and finish it.</summary>
    private void ResolveAsyncCommit(ulong startTs, Mvcc.LockRecord primaryLock, byte[][] metKeys)
    {
        var secondaries = primaryLock.Secondaries;
        var status = _kv.CheckSecondaryLocks(new CheckSecondaryLocksRequest(secondaries, startTs));
        var allKeys = new List<byte[]>(secondaries.Count + 1 + metKeys.Length) { primaryLock.Primary };
        allKeys.AddRange(secondaries);
        switch (status.Kind)
        {
            case SecondaryLocksStatusKind.Locked:
            {
                var commitTs = primaryLock.MinCommitTs;
                foreach (var l in status.Locks) commitTs = Math.Max(commitTs, l.Lock.MinCommitTs);
                _kv.ResolveLock(new ResolveLockRequest(startTs, commitTs, allKeys));
                break;
            }
            case SecondaryLocksStatusKind.Committed:
                _kv.ResolveLock(new ResolveLockRequest(startTs, status.CommitTs, allKeys));
                break;
            default:
                _kv.ResolveLock(new ResolveLockRequest(startTs, 0, allKeys));
                break;
        }
    }
}
