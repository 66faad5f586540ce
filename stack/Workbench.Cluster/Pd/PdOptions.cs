namespace Workbench.Cluster.Pd;

/// <summary>PD's schedule config (pd-server's ScheduleConfig names and defaults, scaled where noted).</summary>
public sealed class PdOptions
{
    /// <summary>Copies of each region (max-replicas).</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Label keys that should be spread over (location-labels), e.g. "zone".</summary>
    public IReadOnlyList<string> LocationLabels { get; init; } = ["zone"];

    /// <summary>Leader transfers in flight at once (leader-schedule-limit).</summary>
    public int LeaderScheduleLimit { get; init; } = 4;
    /// <summary>Region moves in flight at once (region-schedule-limit).</summary>
    public int RegionScheduleLimit { get; init; } = 2048;
    /// <summary>Replica repairs in flight at once (replica-schedule-limit).</summary>
    public int ReplicaScheduleLimit { get; init; } = 64;

    /// <summary>Operators adding or removing a peer on one store at a time (the store limit, as a concurrency bound).</summary>
    public int StoreLimit { get; init; } = 8;

    /// <summary>A leader move only when the leader counts differ by more than this (PD's tolerance for leaders).</summary>
    public double LeaderTolerance { get; init; } = 5;

    /// <summary>A region move only when the region scores differ by more than this many average region sizes.</summary>
    public double RegionTolerance { get; init; } = 2;

    /// <summary>A store not heard of for this long is down and its peers are replaced (max-store-down-time, scaled down from 30 min).</summary>
    public long MaxStoreDownTimeMs { get; init; } = 30_000;

    /// <summary>An operator not finished in this time is dropped (PD's operator timeout, scaled down).</summary>
    public long OperatorTimeoutMs { get; init; } = 20_000;

    /// <summary>How far ahead of what it served the TSO persists its limit (a restart never goes back).</summary>
    public long TsoSaveIntervalMs { get; init; } = 3_000;

    /// <summary>Ids PD reserves per persisted allocation (a restart skips at most this many).</summary>
    public int IdBatch { get; init; } = 1000;

    /// <summary>Run the balance-leader and balance-region schedulers (the replica checker always runs).</summary>
    public bool EnableBalance { get; init; } = true;
}
