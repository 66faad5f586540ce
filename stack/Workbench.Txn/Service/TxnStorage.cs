using Workbench.Txn.Actions;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Service;

/// <summary>
/// TiKV's <c>Storage</c> + scheduler over one <see cref="IKvStore"/>: every write command takes
/// latches on its keys, takes a snapshot, runs its action, writes the action's modifications as
/// one atomic write, then releases memory locks and latches. Reads take a snapshot only. The same
/// class serves a region in the cluster (give it that region's store and context). Thread-safe.
/// </summary>
public sealed class TxnStorage : ITxnKvService
{
    private readonly IKvStore _store;
    private readonly KvContext _context;

    /// <summary>The service over <paramref name="store"/>, sending <paramref name="context"/> with each request (local when null), with its own concurrency manager and latches unless given.</summary>
    public TxnStorage(IKvStore store, KvContext? context = null, ConcurrencyManager? concurrency = null, Latches.Latches? latches = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _context = context ?? KvContext.Local;
        Concurrency = concurrency ?? new ConcurrencyManager();
        Latches = latches ?? new Latches.Latches();
    }

    /// <summary>The max_ts and memory-lock table readers and async-commit prewrites share.</summary>
    public ConcurrencyManager Concurrency { get; }
    /// <summary>The latches that serialize write commands on the same keys.</summary>
    public Latches.Latches Latches { get; }
    /// <summary>The store the actions read and write.</summary>
    public IKvStore Store => _store;

    /// <summary>What this service wrote, by category and CF.</summary>
    public TxnWriteStats Stats { get; } = new();

    /// <inheritdoc/>
    public byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) =>
        Read(ts, snap => PointGet.Execute(snap, key, ts, Concurrency, bypassLocks));

    /// <inheritdoc/>
    public IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) =>
        Read(ts, snap => Actions.BatchGet.Execute(snap, keys, ts, Concurrency, bypassLocks));

    /// <inheritdoc/>
    public IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) =>
        Read(ts, snap => Actions.Scan.Execute(snap, startKey, endKey, limit, ts, Concurrency, bypassLocks));

    // Reads raise max_ts before the snapshot (so a prewrite that computes its async-commit/1PC
    // commit_ts afterwards lands above ts), and the actions check memory locks after it. A prewrite
    // that released its memory locks between the two may have written after the snapshot with a
    // commit_ts below ts, which the reader would miss (read skew, then a lost update: found by the
    // bank test). So the read is repeated on a new snapshot until no release fell in between.
    private T Read<T>(ulong ts, Func<IKvSnapshot, T> read)
    {
        Concurrency.UpdateMaxTs(ts);
        while (true)
        {
            var before = Concurrency.Releases;
            T result;
            using (var snap = _store.Snapshot(_context)) result = read(snap);
            if (Concurrency.Releases == before) return result;
        }
    }

    /// <inheritdoc/>
    public PrewriteResponse Prewrite(PrewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keys = new byte[request.Mutations.Count][];
        for (var i = 0; i < keys.Length; i++) keys[i] = request.Mutations[i].Key;
        using var guard = Latches.Acquire(keys);
        ActionResult<PrewriteResponse> r;
        using (var snap = _store.Snapshot(_context)) r = Actions.Prewrite.Execute(snap, request, Concurrency);
        try
        {
            Apply(r.Writes);
        }
        finally
        {
            if (r.Result.MemoryLockedKeys.Count > 0) Concurrency.ReleaseKeys(r.Result.MemoryLockedKeys);
        }
        return r.Result;
    }

    /// <inheritdoc/>
    public void Commit(CommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Run(request.Keys, snap => Actions.Commit.Execute(snap, request));
    }

    /// <inheritdoc/>
    public void BatchRollback(RollbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Run(request.Keys, snap => Actions.Rollback.Execute(snap, request));
    }

    /// <inheritdoc/>
    public TxnStatus CheckTxnStatus(CheckTxnStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run([request.PrimaryKey], snap => Actions.CheckTxnStatus.Execute(snap, request, Concurrency));
    }

    /// <inheritdoc/>
    public SecondaryLocksStatus CheckSecondaryLocks(CheckSecondaryLocksRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.Keys, snap => Actions.CheckSecondaryLocks.Execute(snap, request));
    }

    /// <inheritdoc/>
    public void ResolveLock(ResolveLockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keys = request.Keys;
        if (keys is null)
        {
            using var snap = _store.Snapshot(_context);
            keys = Actions.ResolveLock.ScanLockedKeys(snap, request.StartTs);
        }
        var withKeys = request with { Keys = keys };
        Run(keys, snap => Actions.ResolveLock.Execute(snap, withKeys));
    }

    /// <inheritdoc/>
    public bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys) => true;

    /// <summary>Applies modifications computed elsewhere (MVCC GC) with this service's accounting.</summary>
    public void Apply(WriteData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.IsEmpty) return;
        _store.Write(_context, data);
        Stats.Add(data);
    }

    /// <summary>Runs a write action under latches on <paramref name="keys"/> (raw keys).</summary>
    public T Run<T>(IReadOnlyList<byte[]> keys, Func<IKvSnapshot, ActionResult<T>> action)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(action);
        using var guard = Latches.Acquire(keys);
        ActionResult<T> r;
        using (var snap = _store.Snapshot(_context)) r = action(snap);
        Apply(r.Writes);
        return r.Result;
    }

    internal static byte[] Encode(byte[] key) => MvccKey.Encode(key);
}
