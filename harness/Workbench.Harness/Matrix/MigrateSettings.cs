using Workbench.Storage.Registry;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The settings of a <see cref="WorkloadKind.Migrate"/> workload (docs/matrix.md, "Online engine
/// migration"): a cluster of <see cref="Nodes"/> stores of engine <see cref="From"/> runs the YCSB
/// workload through the raw client for <see cref="BeforeSeconds"/>, gets <see cref="Nodes"/> stores of
/// engine <see cref="To"/>, has its <see cref="From"/> stores decommissioned while the workload keeps
/// running (at most <see cref="DrainTimeoutSeconds"/>), then runs <see cref="AfterSeconds"/> more.
/// Snapshot flow control and PD's store limit throttle the move.
/// </summary>
internal sealed record MigrateSettings
{
    public required EngineConfig From { get; init; }
    public required string FromLabel { get; init; }
    public required EngineConfig To { get; init; }
    public required string ToLabel { get; init; }
    public int Nodes { get; init; } = 3;
    public int BeforeSeconds { get; init; } = 15;
    public int AfterSeconds { get; init; } = 15;
    public int DrainTimeoutSeconds { get; init; } = 600;
    public long SnapshotMaxBytesPerSec { get; init; } = 100L << 20;
    public int StoreLimit { get; init; } = 8;
    public long SplitSizeBytes { get; init; } = 8 << 20;
    public int TickMs { get; init; } = 50;
}
