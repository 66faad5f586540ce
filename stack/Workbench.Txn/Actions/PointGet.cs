using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Snapshot read of one key at ts (TiKV's <c>PointGetter</c>): a lock with lock.ts ≤ ts blocks the
/// read (KeyIsLocked) unless it is a Lock/Pessimistic lock, its min_commit_ts is above ts (it will
/// commit later than ts), or the reader was told to bypass that transaction; otherwise the newest
/// Put/Delete with commit_ts ≤ ts, skipping Lock and Rollback records. Reads need no latches.
/// </summary>
public static class PointGet
{
    /// <summary>The value of <paramref name="key"/> visible at <paramref name="ts"/>, or null when absent or deleted; a blocking lock throws KeyIsLockedException.</summary>
    public static byte[]? Execute(IKvSnapshot snapshot, byte[] key, ulong ts, ConcurrencyManager? concurrency = null, IReadOnlyCollection<ulong>? bypassLocks = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(key);
        var enc = MvccKey.Encode(key);
        concurrency?.ReadKeyCheck(enc, ts, bypassLocks);
        var reader = new MvccReader(snapshot);
        var l = reader.LoadLock(enc);
        if (l is not null && LockBlocksRead(l, ts, bypassLocks)) throw new KeyIsLockedException([new LockInfo(key, l)]);
        return reader.GetValue(enc, ts);
    }

    /// <summary>TiKV's <c>Lock::check_ts_conflict</c> for a snapshot-isolation read.</summary>
    public static bool LockBlocksRead(LockRecord l, ulong readTs, IReadOnlyCollection<ulong>? bypassLocks)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (l.StartTs > readTs) return false;
        if (l.Type is LockType.Lock or LockType.Pessimistic) return false;
        if (l.MinCommitTs > readTs) return false;
        if (bypassLocks is not null && bypassLocks.Contains(l.StartTs)) return false;
        return true;
    }
}
