namespace Workbench.Storage.Lsm;

/// <summary>
/// One caller waiting in the write queue (group commit). A null batch is a request to switch all
/// non-empty memtables (used by Flush). Fields are guarded by the engine's writer lock.
/// </summary>
internal sealed class PendingWrite(WriteBatch? batch, bool sync, bool disableWal)
{
    public WriteBatch? Batch { get; } = batch;
    public bool Sync { get; } = sync;
    public bool DisableWal { get; } = disableWal;
    public bool Done { get; set; }
    public Exception? Error { get; set; }

    /// <summary>A value separator's GC: the batch rewrites references, applied per key only if it still holds (<see cref="IValueRewrites.StillCurrent"/>).</summary>
    public IValueRewrites? Rewrites { get; init; }
    public bool[]? Applied { get; init; }
}
