namespace Workbench.Cluster.Store;

/// <summary>
/// A store's write flow control (TiKV's <c>storage.flow-control</c> and the scheduler's
/// <c>scheduler-pending-write-threshold</c>): above any threshold new writes are answered
/// ServerIsBusy at once, before they enter the store loop, and the client backs off and retries.
/// Defaults are TiKV's where TiKV has the knob (docs/cluster.md "Flow control").
/// </summary>
public sealed class FlowControlOptions
{
    /// <summary>Flow control on (TiKV: storage.flow-control.enable, default true). Off = every write is admitted.</summary>
    public bool Enable { get; init; } = true;

    /// <summary>
    /// Bytes of writes admitted and not answered yet (scheduled but not applied) beyond which new
    /// writes are refused, reason "scheduler is busy" (TiKV: storage.scheduler-pending-write-threshold, 100 MiB).
    /// </summary>
    public long SchedulerPendingWriteThreshold { get; init; } = 100L << 20;

    /// <summary>
    /// The engine's estimated pending compaction bytes above which a growing share of writes is
    /// refused, rising linearly to all of them at <see cref="HardPendingCompactionBytesLimit"/>
    /// (TiKV: storage.flow-control.soft-pending-compaction-bytes-limit, 192 GiB; TiKV's discard ratio); 0 = off.
    /// </summary>
    public long SoftPendingCompactionBytesLimit { get; init; } = 192L << 30;

    /// <summary>Pending compaction bytes at which every write is refused (TiKV: hard-pending-compaction-bytes-limit, 1024 GiB); 0 = off.</summary>
    public long HardPendingCompactionBytesLimit { get; init; } = 1024L << 30;

    /// <summary>Immutable memtables of one column family at which writes are refused (TiKV: memtables-threshold 5, where TiKV throttles); 0 = off.</summary>
    public int MemtablesThreshold { get; init; } = 5;

    /// <summary>L0 files of one column family at which writes are refused (TiKV: l0-files-threshold 20, where TiKV throttles); 0 = off.</summary>
    public int L0FilesThreshold { get; init; } = 20;

    /// <summary>
    /// One engine write running this long means the engine is stalled (its own write stall, or a slow
    /// device): new writes are refused, reason "engine write stalled", instead of queueing behind it.
    /// No TiKV knob: TiKV turns RocksDB's stall off and its flow control keeps the engine from
    /// stalling, while our engines keep their own stalls. 0 = off.
    /// </summary>
    public int EngineStallMs { get; init; } = 500;

    /// <summary>The backoff hint sent with each ServerIsBusy (errorpb's backoff_ms); the client sleeps at least this long.</summary>
    public int BusyBackoffMs { get; init; }
}
