namespace Workbench.Cluster.Kv;

/// <summary>Snapshot, catch-up and timeout settings of a <see cref="KvNode"/> (ticks are the node's logical clock).</summary>
public sealed class KvNodeOptions
{
    /// <summary>Take a state-machine snapshot (and compact the log) every this many applied entries; 0 = never.</summary>
    public int SnapshotEveryEntries { get; init; } = 1000;

    /// <summary>Entries kept behind a snapshot so slightly lagging followers catch up without a snapshot.</summary>
    public int CatchUpEntries { get; init; } = 50;

    /// <summary>
    /// Ticks a sent snapshot may stay unacknowledged before it is reported failed (and re-sent after
    /// the next probe). The transports hand a snapshot over as one message and cannot tell delivery.
    /// </summary>
    public int SnapshotRetryTicks { get; init; } = 30;

    /// <summary>Ticks after which an unanswered request fails with <see cref="KvStatus.Timeout"/>.</summary>
    public int RequestTimeoutTicks { get; init; } = 50;

    /// <summary>
    /// DELIBERATELY BROKEN, for testing the linearizability checker only: any node (follower or
    /// deposed leader) answers gets from its local state at once, without ReadIndex: stale reads.
    /// </summary>
    public bool UnsafeLocalReads { get; init; }
}
