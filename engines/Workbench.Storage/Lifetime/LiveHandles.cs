namespace Workbench.Storage.Lifetime;

/// <summary>
/// The iterators and snapshots an engine has handed out and not yet seen disposed, so that
/// disposing the engine closes them first (a package engine — RocksDB, LMDB, LiteDB, ZoneTree —
/// must release every child handle before its own close can return its lock file or map).
/// Thread-safe. Invariant: once <see cref="Close"/> has run, nothing is tracked again: a handle
/// offered afterwards is disposed at once and <see cref="TryTrack"/> returns false.
/// </summary>
public sealed class LiveHandles
{
    private readonly Lock _lock = new();
    private readonly HashSet<IDisposable> _live = [];
    private volatile bool _closed;

    /// <summary>True once <see cref="Close"/> ran (the engine is disposed or being disposed).</summary>
    public bool IsClosed => _closed;

    /// <summary>How many handles are open now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _live.Count;
        }
    }

    /// <summary>Registers <paramref name="handle"/>; when already closed, disposes it and returns false (callers then throw <see cref="ObjectDisposedException"/>).</summary>
    public bool TryTrack(IDisposable handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        lock (_lock)
        {
            if (!_closed)
            {
                _live.Add(handle);
                return true;
            }
        }
        handle.Dispose();
        return false;
    }

    /// <summary>Forgets a handle its owner disposed itself (called from the handle's Dispose).</summary>
    public void Untrack(IDisposable handle)
    {
        lock (_lock) _live.Remove(handle);
    }

    /// <summary>Marks the set closed and disposes every open handle, outside the lock (their Dispose calls <see cref="Untrack"/>). False when it was already closed.</summary>
    public bool Close()
    {
        IDisposable[] open;
        lock (_lock)
        {
            if (_closed) return false;
            _closed = true;
            open = [.. _live];
            _live.Clear();
        }
        foreach (var d in open) d.Dispose();
        return true;
    }
}
