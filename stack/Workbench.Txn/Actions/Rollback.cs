using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Batch rollback and cleanup (TiKV's <c>actions/cleanup.rs</c>, <c>check_txn_status.rs</c>'s
/// <c>rollback_lock</c> / <c>check_txn_status_missing_lock</c>). A rollback always leaves a
/// protected rollback record at start_ts — even where no lock exists — so a late prewrite of the
/// transaction fails with WriteConflict. If another transaction committed exactly at start_ts, its
/// record gets the overlapped-rollback flag instead of being overwritten; if another async-commit
/// transaction's lock stands on the key, start_ts joins its rollback_ts so its commit sets that flag.
/// Rolling back a committed transaction is an error (Committed). Run under latches.
/// </summary>
public static class Rollback
{
    /// <summary>Rolls back the request's keys for its start_ts; throws CommittedException when a key is already committed by it.</summary>
    public static ActionResult<bool> Execute(IKvSnapshot snapshot, RollbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        foreach (var key in request.Keys) RollbackKey(reader, txn, key, MvccKey.Encode(key), request.StartTs);
        return new ActionResult<bool>(txn.ToWriteData(), true);
    }

    /// <summary>Cleanup of one key: like rollback, but a live lock (TTL not expired at currentTs; 0 = do not check) is KeyIsLocked.</summary>
    public static ActionResult<bool> Cleanup(IKvSnapshot snapshot, byte[] key, ulong startTs, ulong currentTs)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(key);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        var enc = MvccKey.Encode(key);
        var l = reader.LoadLock(enc);
        if (l is not null && l.StartTs == startTs && currentTs != 0 && !l.IsExpired(currentTs))
            throw new KeyIsLockedException([new LockInfo(key, l)]);
        RollbackKey(reader, txn, key, enc, startTs);
        return new ActionResult<bool>(txn.ToWriteData(), true);
    }

    internal static void RollbackKey(MvccReader reader, MvccTxn txn, byte[] key, byte[] enc, ulong startTs)
    {
        var l = reader.LoadLock(enc);
        if (l is not null && l.StartTs == startTs) RollbackLock(reader, txn, enc, l);
        else RollbackMissingLock(reader, txn, key, enc, startTs, l);
    }

    /// <summary>Removes our lock (and its long value) and leaves the rollback record.</summary>
    internal static void RollbackLock(MvccReader reader, MvccTxn txn, byte[] enc, LockRecord l)
    {
        if (l.Type == LockType.Put && l.ShortValue is null) txn.DeleteValue(enc, l.StartTs);
        WriteRollbackRecord(reader, txn, enc, l.StartTs);
        txn.UnlockKey(enc);
    }

    /// <summary>
    /// No lock of ours: committed → Committed error; rolled back → nothing; else a rollback
    /// record, and a note in another async-commit transaction's lock. Returns whether it rolled back now.
    /// </summary>
    internal static bool RollbackMissingLock(MvccReader reader, MvccTxn txn, byte[] key, byte[] enc, ulong startTs, LockRecord? otherLock)
    {
        var record = reader.GetTxnCommitRecord(enc, startTs);
        switch (record.Kind)
        {
            case TxnCommitRecordKind.Committed:
                throw new CommittedException(startTs, record.CommitTs, key);
            case TxnCommitRecordKind.RolledBack:
                return false;
        }
        WriteRollbackRecord(reader, txn, enc, startTs, record);
        if (otherLock is not null && otherLock.UseAsyncCommit && otherLock.StartTs < startTs)
            txn.PutLock(enc, Prewrite.WithRollbackTs(otherLock, startTs));
        return true;
    }

    private static void WriteRollbackRecord(MvccReader reader, MvccTxn txn, byte[] enc, ulong startTs, TxnCommitRecord? known = null)
    {
        var record = known ?? reader.GetTxnCommitRecord(enc, startTs);
        if (record.Kind == TxnCommitRecordKind.OverlappedWrite && record.Write is { } w)
        {
            txn.PutWrite(enc, startTs, new WriteRecord
            {
                Type = w.Type, StartTs = w.StartTs, ShortValue = w.ShortValue, HasOverlappedRollback = true, GcFence = w.GcFence,
            });
            return;
        }
        txn.PutWrite(enc, startTs, WriteRecord.Rollback(startTs, protect: true));
    }
}
