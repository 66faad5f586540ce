using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Service;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// An <see cref="ITxnKvService"/> in front of a TxnStorage that the nemesis can kill, restart and
/// pause, as a TiKV process would be: every request takes the read side of a gate; kill and pause
/// take the write side (so they fall between requests, as a crash between two RPCs does).
/// Requests while killed fail at once; requests while paused wait up to <see cref="WaitMs"/>,
/// then fail. Thread-safe.
/// </summary>
internal sealed class RestartableTxnService : ITxnKvService, IDisposable
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private TxnStorage? _current;
    private bool _paused;

    public RestartableTxnService(TxnStorage initial) => _current = initial;

    public int WaitMs { get; init; } = 2_000;

    public bool IsDown => Volatile.Read(ref _current) is null;

    /// <summary>Kills the service: <paramref name="crash"/> runs with no request in flight (it crashes the engine).</summary>
    public void Kill(Action crash)
    {
        _gate.EnterWriteLock();
        try
        {
            _current = null;
            crash();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    public void Restart(Func<TxnStorage> open)
    {
        _gate.EnterWriteLock();
        try
        {
            _current ??= open();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Holds every request until <see cref="Resume"/> (must be called on the same thread).</summary>
    public void Pause()
    {
        if (_paused) return;
        _gate.EnterWriteLock();
        _paused = true;
    }

    public void Resume()
    {
        if (!_paused) return;
        _paused = false;
        _gate.ExitWriteLock();
    }

    private T Call<T>(Func<TxnStorage, T> f)
    {
        if (!_gate.TryEnterReadLock(WaitMs)) throw new ServiceUnavailableException($"the store did not answer within {WaitMs} ms (paused)");
        try
        {
            var s = _current ?? throw new ServiceUnavailableException("the store is down (killed)");
            return f(s);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private void Call(Action<TxnStorage> f) => Call(s =>
    {
        f(s);
        return 0;
    });

    public byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => Call(s => s.Get(key, ts, bypassLocks));

    public IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => Call(s => s.BatchGet(keys, ts, bypassLocks));

    public IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => Call(s => s.Scan(startKey, endKey, limit, ts, bypassLocks));

    public PrewriteResponse Prewrite(PrewriteRequest request) => Call(s => s.Prewrite(request));

    public void Commit(CommitRequest request) => Call(s => s.Commit(request));

    public void BatchRollback(RollbackRequest request) => Call(s => s.BatchRollback(request));

    public TxnStatus CheckTxnStatus(CheckTxnStatusRequest request) => Call(s => s.CheckTxnStatus(request));

    public SecondaryLocksStatus CheckSecondaryLocks(CheckSecondaryLocksRequest request) => Call(s => s.CheckSecondaryLocks(request));

    public void ResolveLock(ResolveLockRequest request) => Call(s => s.ResolveLock(request));

    public bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys) => true;

    public void Dispose()
    {
        Resume();
        _gate.Dispose();
    }
}
