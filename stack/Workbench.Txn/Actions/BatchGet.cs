using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>Point gets of many keys at one ts from one snapshot; every blocking lock is reported together (one KeyIsLocked).</summary>
public static class BatchGet
{
    /// <summary>Reads <paramref name="keys"/> at <paramref name="ts"/> (raising max_ts in <paramref name="concurrency"/> first when given); missing and deleted keys are omitted; <paramref name="bypassLocks"/> lists start_ts whose locks are read past.</summary>
    public static IReadOnlyList<KvPair> Execute(IKvSnapshot snapshot, IReadOnlyList<byte[]> keys, ulong ts, ConcurrencyManager? concurrency = null, IReadOnlyCollection<ulong>? bypassLocks = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(keys);
        var reader = new MvccReader(snapshot);
        var found = new List<KvPair>(keys.Count);
        List<LockInfo>? locked = null;
        foreach (var key in keys)
        {
            var enc = MvccKey.Encode(key);
            try
            {
                concurrency?.ReadKeyCheck(enc, ts, bypassLocks);
            }
            catch (KeyIsLockedException e)
            {
                (locked ??= []).AddRange(e.Locks);
                continue;
            }
            var l = reader.LoadLock(enc);
            if (l is not null && PointGet.LockBlocksRead(l, ts, bypassLocks))
            {
                (locked ??= []).Add(new LockInfo(key, l));
                continue;
            }
            if (reader.GetValue(enc, ts) is { } v) found.Add(new KvPair(key, v));
        }
        if (locked is not null) throw new KeyIsLockedException(locked);
        return found;
    }
}
