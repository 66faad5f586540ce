using Workbench.Storage.Contract;
using ZoneTree.Transactional;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// A ZoneTree read-only transaction held open: an MVCC view at its snapshot timestamp across every
/// column family (they share one tree). Reads through it take <see cref="Gate"/> (one thread at a time,
/// since ZoneTree does not promise a read transaction is thread-safe). Dispose is idempotent.
/// </summary>
internal sealed class ZoneTreeSnapshot : IEngineSnapshot
{
    private int _disposed;

    internal ZoneTreeSnapshot(ZoneTreeEngine owner, IReadTransaction<byte[], byte[]> transaction)
    {
        Owner = owner;
        Transaction = transaction;
        Sequence = transaction.SnapshotTimestamp;
    }

    /// <summary>ZoneTree's snapshot timestamp (commit timestamps increase).</summary>
    public long Sequence { get; }

    internal ZoneTreeEngine Owner { get; }
    internal IReadTransaction<byte[], byte[]> Transaction { get; }
    internal Lock Gate { get; } = new();
    internal bool Disposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Owner.Untrack(this);
        lock (Gate) (Transaction as IDisposable)?.Dispose();
    }
}
