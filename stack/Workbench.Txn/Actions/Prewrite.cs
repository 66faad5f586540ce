using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>
/// Optimistic prewrite (TiKV's <c>actions/prewrite.rs</c>). Per key: another transaction's lock →
/// KeyIsLocked (every such key is reported, nothing is written); our own lock → idempotent retry;
/// a write with commit_ts &gt; start_ts (of any type, another's rollback included) or our own
/// rollback at start_ts → WriteConflict; an insert over a visible value → AlreadyExist. Then a lock
/// (value inline if ≤ 255 bytes, else in CF default at key+start_ts). Async commit and 1PC take
/// min_commit_ts from the <see cref="ConcurrencyManager"/>; 1PC writes write records at once.
/// Run under latches on all the keys.
/// </summary>
public static class Prewrite
{
    /// <summary>Prewrites the request's mutations in <paramref name="snapshot"/>; the result carries the locks (or, for 1PC, the write records) to write and the computed min_commit_ts.</summary>
    public static ActionResult<PrewriteResponse> Execute(IKvSnapshot snapshot, PrewriteRequest request, ConcurrencyManager concurrency)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(concurrency);
        var reader = new MvccReader(snapshot);
        var txn = new MvccTxn();
        var startTs = request.StartTs;
        List<LockInfo>? locked = null;
        var pending = new List<(byte[] Enc, Mutation M, LockRecord Lock)>();
        ulong retriedMinCommit = 0;
        foreach (var m in request.Mutations)
        {
            var enc = MvccKey.Encode(m.Key);
            var existing = reader.LoadLock(enc);
            if (existing is not null)
            {
                if (existing.StartTs != startTs) (locked ??= []).Add(new LockInfo(m.Key, existing));
                else retriedMinCommit = Math.Max(retriedMinCommit, existing.MinCommitTs);
                continue;
            }
            if (reader.SeekWrite(enc, TimeStamp.Max) is { } newest)
            {
                var (commitTs, w) = newest;
                if (commitTs > startTs)
                {
                    // Our own commit record: this is a late retry of a prewrite that already committed.
                    if (w.StartTs == startTs && w.Type != WriteType.Rollback) continue;
                    throw new WriteConflictException(startTs, w.StartTs, commitTs, m.Key, request.Primary);
                }
                if (commitTs == startTs && (w.Type == WriteType.Rollback || w.HasOverlappedRollback))
                    throw new WriteConflictException(startTs, w.StartTs, commitTs, m.Key, request.Primary);
            }
            if (m.Op == MutationOp.Insert && reader.GetWrite(enc, TimeStamp.Max) is { Write.Type: WriteType.Put })
                throw new AlreadyExistException(m.Key);
            var value = m.Op is MutationOp.Put or MutationOp.Insert
                ? m.Value ?? throw new ArgumentException($"{m.Op} mutation without a value", nameof(request))
                : null;
            var isPrimary = m.Key.AsSpan().SequenceEqual(request.Primary);
            pending.Add((enc, m, new LockRecord
            {
                Type = m.Op switch { MutationOp.Delete => LockType.Delete, MutationOp.Lock => LockType.Lock, _ => LockType.Put },
                Primary = request.Primary,
                StartTs = startTs,
                Ttl = request.LockTtl,
                ShortValue = value is not null && value.Length <= LockRecord.ShortValueMaxLength ? value : null,
                TxnSize = request.TxnSize,
                MinCommitTs = request.MinCommitTs,
                UseAsyncCommit = request.UseAsyncCommit,
                Secondaries = request.UseAsyncCommit && isPrimary ? request.Secondaries : [],
            }));
        }
        if (locked is not null) throw new KeyIsLockedException(locked);

        ulong minCommitTs = retriedMinCommit;
        IReadOnlyList<byte[]> memoryLocked = [];
        if ((request.UseAsyncCommit || request.TryOnePc) && pending.Count > 0)
        {
            var final = new LockRecord[pending.Count];
            var computed = concurrency.LockKeysAndComputeMinCommitTs(min =>
            {
                var published = new (byte[], LockInfo)[pending.Count];
                for (var i = 0; i < pending.Count; i++)
                {
                    final[i] = WithMinCommitTs(pending[i].Lock, min);
                    published[i] = (pending[i].Enc, new LockInfo(pending[i].M.Key, final[i]));
                }
                return published;
            }, Math.Max(request.MinCommitTs, startTs + 1));
            for (var i = 0; i < pending.Count; i++) pending[i] = (pending[i].Enc, pending[i].M, final[i]);
            var keys = new byte[pending.Count][];
            for (var i = 0; i < pending.Count; i++) keys[i] = pending[i].Enc;
            memoryLocked = keys;
            minCommitTs = Math.Max(minCommitTs, computed);
        }

        ulong onePcTs = 0;
        if (request.TryOnePc)
        {
            onePcTs = minCommitTs;
            foreach (var (enc, m, l) in pending)
            {
                if (l.Type == LockType.Put && l.ShortValue is null) txn.PutValue(enc, startTs, m.Value!);
                txn.PutWrite(enc, onePcTs, new WriteRecord { Type = Commit.WriteTypeOf(l.Type), StartTs = startTs, ShortValue = l.ShortValue });
            }
        }
        else
        {
            foreach (var (enc, m, l) in pending)
            {
                if (l.Type == LockType.Put && l.ShortValue is null) txn.PutValue(enc, startTs, m.Value!);
                txn.PutLock(enc, l);
            }
        }
        return new ActionResult<PrewriteResponse>(txn.ToWriteData(), new PrewriteResponse(minCommitTs, onePcTs, memoryLocked));
    }

    internal static LockRecord WithMinCommitTs(LockRecord l, ulong minCommitTs) => new()
    {
        Type = l.Type, Primary = l.Primary, StartTs = l.StartTs, Ttl = l.Ttl, ShortValue = l.ShortValue,
        ForUpdateTs = l.ForUpdateTs, TxnSize = l.TxnSize, MinCommitTs = minCommitTs, UseAsyncCommit = l.UseAsyncCommit,
        Secondaries = l.Secondaries, RollbackTs = l.RollbackTs,
    };

    internal static LockRecord WithRollbackTs(LockRecord l, ulong rollbackTs) => new()
    {
        Type = l.Type, Primary = l.Primary, StartTs = l.StartTs, Ttl = l.Ttl, ShortValue = l.ShortValue,
        ForUpdateTs = l.ForUpdateTs, TxnSize = l.TxnSize, MinCommitTs = l.MinCommitTs, UseAsyncCommit = l.UseAsyncCommit,
        Secondaries = l.Secondaries, RollbackTs = [.. l.RollbackTs, rollbackTs],
    };
}
