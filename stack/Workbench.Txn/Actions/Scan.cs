using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Forward scan of raw keys [start, end) at ts, at most <c>limit</c> pairs (TiKV's forward
/// <c>Scanner</c>): blocking locks in the range → one KeyIsLocked naming them all; then per user key
/// the newest Put/Delete at or below ts (Lock and Rollback records skipped, deleted keys omitted).
/// One iterator over CF write: seek to key+~ts, walk its versions, then jump past the key.
/// </summary>
public static class Scan
{
    /// <summary>Up to <paramref name="limit"/> visible pairs of [<paramref name="startKey"/>, <paramref name="endKey"/>) at <paramref name="ts"/> (null end = unbounded), in key order.</summary>
    public static IReadOnlyList<KvPair> Execute(IKvSnapshot snapshot, byte[] startKey, byte[]? endKey, int limit, ulong ts,
        ConcurrencyManager? concurrency = null, IReadOnlyCollection<ulong>? bypassLocks = null, bool keyOnly = false)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(startKey);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var encStart = MvccKey.Encode(startKey);
        var encEnd = endKey is null ? null : MvccKey.Encode(endKey);
        concurrency?.ReadRangeCheck(encStart, encEnd, ts, bypassLocks);
        List<LockInfo>? locked = null;
        using (var locks = snapshot.Iterate(Cf.Lock, encStart, encEnd))
        {
            for (locks.SeekToFirst(); locks.Valid; locks.Next())
            {
                var l = LockRecord.Parse(locks.Value);
                if (PointGet.LockBlocksRead(l, ts, bypassLocks)) (locked ??= []).Add(new LockInfo(MvccKey.DecodeUserKey(locks.Key), l));
            }
        }
        if (locked is not null) throw new KeyIsLockedException(locked);

        var result = new List<KvPair>();
        if (limit == 0) return result;
        using var it = snapshot.Iterate(Cf.Write, encStart, encEnd);
        it.SeekToFirst();
        while (it.Valid && result.Count < limit)
        {
            MvccKey.TrySplitTs(it.Key, out var encSpan, out _);
            var enc = encSpan.ToArray();
            it.Seek(MvccKey.AppendTs(enc, ts));
            while (it.Valid && MvccKey.TrySplitTs(it.Key, out var k, out _) && k.SequenceEqual(enc))
            {
                var w = WriteRecord.Parse(it.Value);
                if (w.Type == WriteType.Put)
                {
                    var userKey = MvccKey.DecodeUserKey(enc);
                    var value = keyOnly ? [] : w.ShortValue ?? snapshot.Get(Cf.Default, MvccKey.AppendTs(enc, w.StartTs))
                        ?? throw new Workbench.Storage.Errors.CorruptionException($"default-CF value of txn {w.StartTs} missing for a committed put");
                    result.Add(new KvPair(userKey, value));
                    break;
                }
                if (w.Type == WriteType.Delete) break;
                it.Next();
            }
            it.Seek(MvccReader.UpperOf(enc));
        }
        return result;
    }
}
