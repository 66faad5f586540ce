using Workbench.Storage.Contract;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>A sequence-number snapshot: reads through it see exactly the writes with a sequence up to <see cref="Sequence"/>.</summary>
internal sealed class LsmSnapshot(LsmEngine owner, long sequence) : IEngineSnapshot
{
    private int _disposed;

    public LsmEngine Owner { get; } = owner;
    public long Sequence { get; } = sequence;
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Owner.ReleaseSnapshot(Sequence);
    }
}
