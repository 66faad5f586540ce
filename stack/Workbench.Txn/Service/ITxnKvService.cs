using Workbench.Txn.Actions.Requests;

namespace Workbench.Txn.Service;

/// <summary>
/// The transactional KV service the client talks to (kvproto's tikvpb names: KvGet, KvBatchGet,
/// KvScan, KvPrewrite, KvCommit, KvBatchRollback, KvCheckTxnStatus, KvCheckSecondaryLocks,
/// KvResolveLock). <see cref="TxnStorage"/> serves it from one <see cref="Storage.IKvStore"/>; the
/// cluster serves it by routing each key to its region. Errors are the typed exceptions of
/// <c>Workbench.Txn.Errors</c>. Thread-safe.
/// </summary>
public interface ITxnKvService
{
    /// <summary>The value of <paramref name="key"/> at <paramref name="ts"/> (null when absent); locks of the <paramref name="bypassLocks"/> start timestamps are read past.</summary>
    byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    /// <summary>The visible pairs of <paramref name="keys"/> at <paramref name="ts"/>; absent keys omitted.</summary>
    IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    /// <summary>Up to <paramref name="limit"/> visible pairs of [<paramref name="startKey"/>, <paramref name="endKey"/>) at <paramref name="ts"/>.</summary>
    IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    /// <summary>Locks the request's keys (or commits them at once with 1PC); throws the typed conflict errors.</summary>
    PrewriteResponse Prewrite(PrewriteRequest request);

    /// <summary>Commits the request's keys at its commit_ts.</summary>
    void Commit(CommitRequest request);

    /// <summary>Rolls back the request's keys for its start_ts.</summary>
    void BatchRollback(RollbackRequest request);

    /// <summary>The fate of a transaction from its primary (see CheckTxnStatus).</summary>
    TxnStatus CheckTxnStatus(CheckTxnStatusRequest request);

    /// <summary>The state of an async-commit transaction's secondaries.</summary>
    SecondaryLocksStatus CheckSecondaryLocks(CheckSecondaryLocksRequest request);

    /// <summary>Commits or rolls back every lock of a transaction whose fate is known.</summary>
    void ResolveLock(ResolveLockRequest request);

    /// <summary>Whether one prewrite request can hold every given key (one region), so 1PC may be tried.</summary>
    bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys);
}
