namespace Workbench.Harness.Matrix;

/// <summary>
/// One workload axis entry. For <see cref="WorkloadKind.Ycsb"/>: the property file (resolved to an
/// absolute path), record/operation counts and extra properties. For <see cref="WorkloadKind.Bench"/>:
/// the benchmark list and key count. <see cref="Label"/> names the workload in cell ids and charts.
/// </summary>
internal sealed record MatrixWorkload
{
    public required WorkloadKind Kind { get; init; }
    public required string Label { get; init; }
    public int Line { get; init; }

    /// <summary>The workload's own layer (YCSB only; null = the matrix's), so layers run side by side in one matrix.</summary>
    public MatrixLayer? Layer { get; init; }

    /// <summary>`raft_log: engine` (true) or `separate` (false) for this workload's cluster cells; null = the topology's.</summary>
    public bool? RaftLogInEngine { get; init; }

    /// <summary>`transport: in-process | tcp` for this workload's cluster cells (YCSB only; null = the topology's), so both run side by side in one matrix.</summary>
    public string? Transport { get; init; }

    public string? File { get; init; }
    public long? RecordCount { get; init; }
    public long? OperationCount { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Benchmarks { get; init; } = [];
    public long Num { get; init; } = 100_000;
    /// <summary>When set, the key count is chosen per value size so one pass writes this many bytes: num = data_bytes / (key_size + value_size)
    /// (bench); recordcount = data_bytes / value_size (ycsb).</summary>
    public long? DataBytes { get; init; }
    /// <summary>YCSB only: when set, operationcount = operation_bytes / value_size per value size (an update phase rewrites the same bytes at every row size).</summary>
    public long? OperationBytes { get; init; }
    public long? Reads { get; init; }
    public int KeySize { get; init; } = 16;
    /// <summary>How far a codec can shrink the values (db_bench's --compression_ratio; 1 = random bytes).</summary>
    public double CompressionRatio { get; init; } = 1.0;

    /// <summary>The sysbench test and its options (kind sysbench only).</summary>
    public Sysbench.SysbenchSettings? Sysbench { get; init; }

    /// <summary>Kind migrate: the engines, cluster size, timings and throttles of the move (File, RecordCount and Properties are its YCSB workload).</summary>
    public MigrateSettings? Migrate { get; init; }

    /// <summary>YCSB: the record count of a cell with this value size (data_bytes / value_size, at least 1), else recordcount.</summary>
    public long? RecordCountFor(int valueSize) => DataBytes is { } bytes && Kind == WorkloadKind.Ycsb ? Math.Max(1, bytes / Math.Max(1, valueSize)) : RecordCount;

    /// <summary>YCSB: the operation count of a cell with this value size (operation_bytes / value_size, at least 1), else operationcount.</summary>
    public long? OperationCountFor(int valueSize) => OperationBytes is { } bytes ? Math.Max(1, bytes / Math.Max(1, valueSize)) : OperationCount;

    /// <summary>The key count of a cell with this value size (at least 1).</summary>
    public long NumFor(int valueSize) => DataBytes is { } bytes ? Math.Max(1, bytes / (KeySize + valueSize)) : Num;
}
