using Workbench.Storage.Batch;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// One caller waiting in the write queue (group commit). A null batch is a request to switch all
/// non-empty memtables (used by Flush). The queue's own fields are <see cref="GroupCommitWriter"/>'s.
/// </summary>
internal sealed class PendingWrite(WriteBatch? batch, bool sync, bool disableWal) : GroupCommitWriter
{
    public WriteBatch? Batch { get; } = batch;
    public bool Sync { get; } = sync;
    public bool DisableWal { get; } = disableWal;

    /// <summary>A value separator's GC: the batch rewrites references, applied per key only if it still holds (<see cref="IValueRewrites.StillCurrent"/>).</summary>
    public IValueRewrites? Rewrites { get; init; }
    public bool[]? Applied { get; init; }

    // ---- Concurrent memtable write (WritePath.InsertAndPublish) ----
    // Set by the leader that logged this batch, before it finishes the group (the queue's wake-up
    // publishes them to this writer's thread): insert the batch at FirstSequence onwards yourself.
    internal bool InsertPending;
    internal long FirstSequence;
    internal long LastSequence;
    // Publication FIFO (allocation order), under WritePath's publish lock.
    internal PendingWrite? NextToPublish;
    internal bool Inserted;
    // Written true (volatile) when LastSequence is visible to readers; then Published.Set.
    internal bool Published;
    internal ManualResetEventSlim? PublishWakeup;
}
