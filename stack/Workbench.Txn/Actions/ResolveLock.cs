using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// resolve_lock (TiKV's <c>commands/resolve_lock.rs</c>): once a transaction's fate is known from its
/// primary, commit (commit_ts &gt; 0) or roll back its locks. Keys already resolved are left as they
/// are; a key without the lock is given a rollback record when rolling back, so a late prewrite
/// fails. With no keys, every lock of the transaction is found by scanning CF lock.
/// </summary>
public static class ResolveLock
{
    /// <summary>Commits or rolls back the request's keys for its start_ts; returns the number of keys changed.</summary>
    public static ActionResult<int> Execute(IKvSnapshot snapshot, ResolveLockRequest request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        var keys = request.Keys ?? ScanLockedKeys(snapshot, request.StartTs);
        var resolved = 0;
        foreach (var key in keys)
        {
            var enc = MvccKey.Encode(key);
            var l = reader.LoadLock(enc);
            if (l is not null && l.StartTs == request.StartTs)
            {
                if (request.CommitTs != 0) Commit.CommitKey(reader, txn, key, enc, request.StartTs, request.CommitTs);
                else Rollback.RollbackLock(reader, txn, enc, l);
                resolved++;
            }
            else if (request.CommitTs == 0)
            {
                if (Rollback.RollbackMissingLock(reader, txn, key, enc, request.StartTs, l)) resolved++;
            }
        }
        return new ActionResult<int>(txn.ToWriteData(), resolved);
    }

    /// <summary>Raw keys of every lock of <paramref name="startTs"/> (TiKV's scan_lock filtered by ts).</summary>
    public static IReadOnlyList<byte[]> ScanLockedKeys(IKvSnapshot snapshot, ulong startTs)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var keys = new List<byte[]>();
        using var it = snapshot.Iterate(Cf.Lock, null, null);
        for (it.SeekToFirst(); it.Valid; it.Next())
            if (LockRecord.Parse(it.Value).StartTs == startTs) keys.Add(MvccKey.DecodeUserKey(it.Key));
        return keys;
    }
}
