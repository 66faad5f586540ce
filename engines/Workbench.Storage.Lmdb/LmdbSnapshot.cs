using LightningDB;
using Workbench.Storage.Contract;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// A read-only LMDB transaction held open: LMDB's MVCC keeps its pages until it ends, so it is a
/// consistent view across all named databases. LMDB allows one thread at a time in a transaction, so
/// every read through it takes <see cref="Gate"/>. Dispose is idempotent and thread-safe.
/// </summary>
internal sealed class LmdbSnapshot : IEngineSnapshot
{
    private int _disposed;

    internal LmdbSnapshot(LmdbEngine owner, LightningTransaction transaction)
    {
        Owner = owner;
        Transaction = transaction;
        Sequence = (long)(ulong)transaction.Id;
    }

    /// <summary>LMDB's id of the last write transaction committed before this view (persistent, increasing).</summary>
    public long Sequence { get; }

    internal LmdbEngine Owner { get; }
    internal LightningTransaction Transaction { get; }
    internal Lock Gate { get; } = new();
    internal bool Disposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Owner.Untrack(this);
        lock (Gate) Transaction.Dispose();
    }
}
