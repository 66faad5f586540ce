using Workbench.Storage.Contract;

namespace Workbench.Storage.BTree;

/// <summary>
/// A point-in-time view: the root of every tree when it was taken, and the write epoch frozen at
/// that moment (pages it can reach are never changed in place and not reused while it lives).
/// Disposal releases the pages it pinned; idempotent and thread-safe.
/// </summary>
internal sealed class BTreeSnapshot : IEngineSnapshot
{
    private int _disposed;

    public BTreeSnapshot(BTreeEngine owner, long sequence, long epoch, long[] roots)
    {
        Owner = owner;
        Sequence = sequence;
        Epoch = epoch;
        Roots = roots;
    }

    public BTreeEngine Owner { get; }
    public long Sequence { get; }

    /// <summary>Last write epoch whose pages this view may read.</summary>
    public long Epoch { get; }

    /// <summary>Root page per tree index (0 = empty).</summary>
    public long[] Roots { get; }

    public bool Disposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Owner.ReleaseSnapshot(this);
    }
}
