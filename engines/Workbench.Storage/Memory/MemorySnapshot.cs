using Workbench.Storage.Contract;

namespace Workbench.Storage.Memory;

/// <summary>A snapshot of the memory engine: just a reference to an immutable state, so disposing releases nothing but the reference.</summary>
internal sealed class MemorySnapshot(MemoryEngine owner, MemoryEngineState state) : IEngineSnapshot
{
    public MemoryEngine Owner { get; } = owner;
    public MemoryEngineState State { get; } = state;
    public long Sequence => State.Sequence;
    public bool Disposed { get; private set; }
    public void Dispose() => Disposed = true;
}
