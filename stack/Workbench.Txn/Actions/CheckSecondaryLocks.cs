using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// check_secondary_locks (TiKV's <c>commands/check_secondary_locks.rs</c>), the recovery step of
/// async commit: an async-commit transaction is committed iff all its prewrites succeeded, so a
/// resolver asks every secondary. All locked → Locked (commit_ts = max of their min_commit_ts); any
/// committed → Committed at that ts; any missing and not committed → a protected rollback record is
/// written there (so the prewrite can never land) and the answer is RolledBack.
/// </summary>
public static class CheckSecondaryLocks
{
    /// <summary>Checks every secondary key of the request's transaction in <paramref name="snapshot"/>; the result carries the status and the rollback records to write.</summary>
    public static ActionResult<SecondaryLocksStatus> Execute(IKvSnapshot snapshot, CheckSecondaryLocksRequest request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        var locks = new List<LockInfo>();
        foreach (var key in request.Keys)
        {
            var enc = MvccKey.Encode(key);
            var l = reader.LoadLock(enc);
            if (l is not null && l.StartTs == request.StartTs)
            {
                locks.Add(new LockInfo(key, l));
                continue;
            }
            var record = reader.GetTxnCommitRecord(enc, request.StartTs);
            if (record.Kind == TxnCommitRecordKind.Committed)
                return new(new MvccTxn().ToWriteData(), new SecondaryLocksStatus(SecondaryLocksStatusKind.Committed, [], record.CommitTs));
            if (record.Kind != TxnCommitRecordKind.RolledBack)
                Rollback.RollbackMissingLock(reader, txn, key, enc, request.StartTs, l);
            return new(txn.ToWriteData(), new SecondaryLocksStatus(SecondaryLocksStatusKind.RolledBack, [], 0));
        }
        return new(txn.ToWriteData(), new SecondaryLocksStatus(SecondaryLocksStatusKind.Locked, locks, 0));
    }
}
