using Workbench.Storage.Contract;
using Workbench.Storage.RocksDb.Interop;

namespace Workbench.Storage.RocksDb;

/// <summary>
/// A RocksDB snapshot plus the read options that read at it (with and without filling the block
/// cache). The read options reference the snapshot handle, so the snapshot is released only after
/// the last read through it returned. Dispose is idempotent and thread-safe.
/// </summary>
internal sealed class RocksDbSnapshot : IEngineSnapshot
{
    private int _disposed;

    internal RocksDbSnapshot(RocksDbEngine owner, SnapshotHandle handle, ReadOptionsHandle read, ReadOptionsHandle readNoFillCache, long sequence)
    {
        Owner = owner;
        Handle = handle;
        Read = read;
        ReadNoFillCache = readNoFillCache;
        Sequence = sequence;
    }

    /// <summary>RocksDB's latest sequence number right after the snapshot was taken.</summary>
    public long Sequence { get; }

    internal RocksDbEngine Owner { get; }
    internal SnapshotHandle Handle { get; }
    internal ReadOptionsHandle Read { get; }
    internal ReadOptionsHandle ReadNoFillCache { get; }
    internal bool Disposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Owner.Untrack(this);
        Read.Dispose();
        ReadNoFillCache.Dispose();
        Handle.Dispose();
    }
}
