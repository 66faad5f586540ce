using Workbench.Storage.Contract;

namespace Workbench.Storage.LiteDb;

/// <summary>A snapshot: a <see cref="LiteDbView"/> over every column family's collection. Dispose is idempotent and thread-safe.</summary>
internal sealed class LiteDbSnapshot : IEngineSnapshot
{
    internal LiteDbSnapshot(LiteDbEngine owner, LiteDbView view, long sequence)
    {
        Owner = owner;
        View = view;
        Sequence = sequence;
    }

    /// <summary>Batches committed through this engine instance before the view was pinned.</summary>
    public long Sequence { get; }

    internal LiteDbEngine Owner { get; }
    internal LiteDbView View { get; }
    internal bool Disposed => View.Disposed;

    public void Dispose()
    {
        if (View.Disposed) return;
        Owner.Untrack(this);
        View.Dispose();
    }
}
