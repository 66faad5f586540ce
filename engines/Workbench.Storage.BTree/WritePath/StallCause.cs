namespace Workbench.Storage.BTree.WritePath;

/// <summary>
/// What a slow write spent most of its time on (issue 21 item 5): the write path's parts, measured
/// per write on the writer's own thread, so the cause of a latency outlier is named by counters
/// instead of guessed from wall time. Order = the order of <see cref="WriteStallProfile"/>'s counters.
/// </summary>
internal enum StallCause
{
    /// <summary>Held back at the write stop: the log reached twice checkpoint_wal_bytes before the checkpointer switched it.</summary>
    WriteStop,
    /// <summary>Waiting in the group-commit queue for another leader's group (or for the write path lock a checkpoint's freeze holds).</summary>
    Queue,
    /// <summary>The log append and its flush or sync.</summary>
    Wal,
    /// <summary>Waiting for the tree write lock (a checkpoint's freeze, a snapshot, readers).</summary>
    TreeLock,
    /// <summary>Waiting for the buffer pool's lock (held by the page cleaner's or a checkpoint's page write, or another thread's miss).</summary>
    PoolLock,
    /// <summary>Writing a dirty eviction victim back itself (write-back on the write path).</summary>
    WriteBack,
    /// <summary>Reading pages that missed the pool.</summary>
    PageRead,
    /// <summary>The rest of applying the batch: tree CPU work (searches, copy-on-write copies, splits).</summary>
    Apply,
    /// <summary>A garbage-collection pause (GC.GetTotalPauseDuration grew by more than any part).</summary>
    Gc,
    /// <summary>Time in Write not covered by any part: the thread was not running (CPU scheduling) or the caller's own code.</summary>
    Unaccounted,
}
