using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Reads of MVCC state from one snapshot (TiKV's <c>MvccReader</c>). Keys given to it are
/// <i>encoded</i> keys (<see cref="MvccKey.Encode"/>). Belongs to one thread, as its snapshot does.
/// </summary>
internal sealed class MvccReader
{
    private readonly IKvSnapshot _snapshot;

    public MvccReader(IKvSnapshot snapshot) => _snapshot = snapshot;

    public IKvSnapshot Snapshot => _snapshot;

    public LockRecord? LoadLock(byte[] encodedKey)
    {
        var v = _snapshot.Get(Cf.Lock, encodedKey);
        return v is null ? null : LockRecord.Parse(v);
    }

    public byte[]? LoadData(byte[] encodedKey, ulong startTs) => _snapshot.Get(Cf.Default, MvccKey.AppendTs(encodedKey, startTs));

    /// <summary>The newest write record of the key with commit_ts &lt;= <paramref name="ts"/> (any type), or null.</summary>
    public (ulong CommitTs, WriteRecord Write)? SeekWrite(byte[] encodedKey, ulong ts)
    {
        using var it = _snapshot.Iterate(Cf.Write, MvccKey.AppendTs(encodedKey, ts), UpperOf(encodedKey));
        it.Seek(MvccKey.AppendTs(encodedKey, ts));
        if (!it.Valid) return null;
        MvccKey.TrySplitTs(it.Key, out _, out var commitTs);
        return (commitTs, WriteRecord.Parse(it.Value));
    }

    /// <summary>Every write of the key with commit_ts &lt;= ts, newest first.</summary>
    public IEnumerable<(ulong CommitTs, WriteRecord Write)> WritesFrom(byte[] encodedKey, ulong ts)
    {
        using var it = _snapshot.Iterate(Cf.Write, MvccKey.AppendTs(encodedKey, ts), UpperOf(encodedKey));
        for (it.Seek(MvccKey.AppendTs(encodedKey, ts)); it.Valid; it.Next())
        {
            MvccKey.TrySplitTs(it.Key, out _, out var commitTs);
            yield return (commitTs, WriteRecord.Parse(it.Value));
        }
    }

    /// <summary>The newest Put or Delete at or below ts (skipping Lock and Rollback records), or null.</summary>
    public (ulong CommitTs, WriteRecord Write)? GetWrite(byte[] encodedKey, ulong ts)
    {
        foreach (var (commitTs, w) in WritesFrom(encodedKey, ts))
            if (w.Type is WriteType.Put or WriteType.Delete) return (commitTs, w);
        return null;
    }

    /// <summary>The value visible at ts (ignoring locks), or null.</summary>
    public byte[]? GetValue(byte[] encodedKey, ulong ts)
    {
        var w = GetWrite(encodedKey, ts);
        if (w is not { } found || found.Write.Type != WriteType.Put) return null;
        return found.Write.ShortValue ?? LoadData(encodedKey, found.Write.StartTs)
            ?? throw new Workbench.Storage.Errors.CorruptionException($"default-CF value of txn {found.Write.StartTs} missing for a committed put");
    }

    /// <summary>
    /// What became of transaction <paramref name="startTs"/> on this key (TiKV's
    /// <c>get_txn_commit_record</c>): its commit (a non-rollback record with that start_ts), its
    /// rollback (a rollback record at start_ts, or an overlapped-rollback flag there), or nothing.
    /// </summary>
    public TxnCommitRecord GetTxnCommitRecord(byte[] encodedKey, ulong startTs)
    {
        foreach (var (commitTs, w) in WritesFrom(encodedKey, ulong.MaxValue))
        {
            if (commitTs < startTs) break;
            if (w.StartTs == startTs)
                return w.Type == WriteType.Rollback
                    ? new TxnCommitRecord(TxnCommitRecordKind.RolledBack, commitTs, w)
                    : new TxnCommitRecord(TxnCommitRecordKind.Committed, commitTs, w);
            if (commitTs == startTs)
                return w.HasOverlappedRollback
                    ? new TxnCommitRecord(TxnCommitRecordKind.RolledBack, commitTs, w)
                    : new TxnCommitRecord(TxnCommitRecordKind.OverlappedWrite, commitTs, w);
        }
        return new TxnCommitRecord(TxnCommitRecordKind.None, 0, null);
    }

    /// <summary>Exclusive upper bound of all versions of an encoded key (its bytes + 0xFF×9 would also do; encoded keys are prefix-free so key+FF suffices).</summary>
    internal static byte[] UpperOf(byte[] encodedKey)
    {
        var b = new byte[encodedKey.Length + MvccKey.TsLength + 1];
        encodedKey.CopyTo(b, 0);
        b.AsSpan(encodedKey.Length).Fill(0xFF);
        return b;
    }
}
