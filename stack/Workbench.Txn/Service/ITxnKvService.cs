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
    byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null);

    PrewriteResponse Prewrite(PrewriteRequest request);

    void Commit(CommitRequest request);

    void BatchRollback(RollbackRequest request);

    TxnStatus CheckTxnStatus(CheckTxnStatusRequest request);

    SecondaryLocksStatus CheckSecondaryLocks(CheckSecondaryLocksRequest request);

    void ResolveLock(ResolveLockRequest request);

    /// <summary>Whether one prewrite request can hold every given key (one region), so 1PC may be tried.</summary>
    bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys);
}
