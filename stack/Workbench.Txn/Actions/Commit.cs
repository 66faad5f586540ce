using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Commit (TiKV's <c>actions/commit.rs</c>): where the transaction's lock stands, write
/// <c>Write{type, start_ts, short value}</c> at commit_ts and delete the lock (commit_ts below the
/// lock's min_commit_ts → CommitTsExpired); where it does not, succeed only if this transaction's
/// commit record is there (an idempotent retry), else TxnLockNotFound. Run under latches.
/// </summary>
public static class Commit
{
    /// <summary>Commits the request's keys at its commit_ts; the result says whether anything changed (false for an idempotent retry) and carries the modifications.</summary>
    public static ActionResult<bool> Execute(IKvSnapshot snapshot, CommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        foreach (var key in request.Keys)
            CommitKey(reader, txn, key, MvccKey.Encode(key), request.StartTs, request.CommitTs);
        return new ActionResult<bool>(txn.ToWriteData(), true);
    }

    internal static void CommitKey(MvccReader reader, MvccTxn txn, byte[] key, byte[] enc, ulong startTs, ulong commitTs)
    {
        var l = reader.LoadLock(enc);
        if (l is not null && l.StartTs == startTs)
        {
            if (commitTs < l.MinCommitTs) throw new CommitTsExpiredException(startTs, commitTs, key, l.MinCommitTs);
            if (l.Type == LockType.Pessimistic) throw new InvalidOperationException("pessimistic locks are not committed by this layer");
            var overlapped = false;
            foreach (var ts in l.RollbackTs) overlapped |= ts == commitTs;
            txn.PutWrite(enc, commitTs, new WriteRecord
            {
                Type = WriteTypeOf(l.Type), StartTs = startTs, ShortValue = l.ShortValue, HasOverlappedRollback = overlapped,
            });
            txn.UnlockKey(enc);
            return;
        }
        var record = reader.GetTxnCommitRecord(enc, startTs);
        if (record.Kind == TxnCommitRecordKind.Committed) return;
        throw new TxnLockNotFoundException(startTs, commitTs, key);
    }

    internal static WriteType WriteTypeOf(LockType t) => t switch
    {
        LockType.Put => WriteType.Put,
        LockType.Delete => WriteType.Delete,
        LockType.Lock => WriteType.Lock,
        _ => throw new InvalidOperationException($"lock type {t} has no write type"),
    };
}
