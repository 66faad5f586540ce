using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// check_txn_status on a transaction's primary key (TiKV's <c>actions/check_txn_status.rs</c>).
/// Lock present: TTL expired at current_ts → roll back (TtlExpireRollback) — except an async-commit
/// lock, which is reported as Locked for the caller to check its secondaries (unless
/// ForceSyncCommit); otherwise push min_commit_ts above the caller's start_ts (so the caller may read
/// past it) and report Locked. Lock absent: Committed / RolledBack from the write CF, else (if asked)
/// a protected rollback record (LockNotExistRollback), else TxnNotFound. Run under a latch on the primary.
/// </summary>
public static class CheckTxnStatus
{
    /// <summary>Decides the fate of the transaction whose primary the request names; the result carries the status and the modifications (rollback or pushed lock) to write.</summary>
    public static ActionResult<TxnStatus> Execute(IKvSnapshot snapshot, CheckTxnStatusRequest request, ConcurrencyManager concurrency)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(concurrency);
        if (request.CallerStartTs != 0) concurrency.UpdateMaxTs(request.CallerStartTs);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        var enc = MvccKey.Encode(request.PrimaryKey);
        var l = reader.LoadLock(enc);
        if (l is not null && l.StartTs == request.LockTs)
        {
            var asyncPending = l.UseAsyncCommit && !request.ForceSyncCommit;
            if (l.IsExpired(request.CurrentTs) && !asyncPending)
            {
                Rollback.RollbackLock(reader, txn, enc, l);
                return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.TtlExpireRollback));
            }
            if (!asyncPending && request.CallerStartTs != 0 && request.CallerStartTs != TimeStamp.Max && l.MinCommitTs <= request.CallerStartTs)
            {
                var pushed = Prewrite.WithMinCommitTs(l, request.CallerStartTs + 1);
                txn.PutLock(enc, pushed);
                return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.Locked, 0, pushed, MinCommitTsPushed: true));
            }
            return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.Locked, 0, l));
        }
        var record = reader.GetTxnCommitRecord(enc, request.LockTs);
        switch (record.Kind)
        {
            case TxnCommitRecordKind.Committed:
                return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.Committed, record.CommitTs));
            case TxnCommitRecordKind.RolledBack:
                return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.RolledBack));
        }
        if (!request.RollbackIfNotExist) throw new TxnNotFoundException(request.LockTs, request.PrimaryKey);
        Rollback.RollbackMissingLock(reader, txn, request.PrimaryKey, enc, request.LockTs, l);
        return new(txn.ToWriteData(), new TxnStatus(TxnStatusKind.LockNotExistRollback));
    }
}
