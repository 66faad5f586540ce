using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>
/// One measured phase of a cell (YCSB load or run; one db_bench benchmark) with the metrics of
/// DESIGN.md §4: throughput overall and per second, latency per operation, user and device bytes,
/// WA (device and the engine's own breakdown by write category), space amplification, engine counters.
/// </summary>
public sealed class PhaseResult
{
    [JsonPropertyName("phase")] public required string Phase { get; init; }
    [JsonPropertyName("ops")] public long Ops { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("ops_per_sec")] public double OpsPerSec { get; init; }
    [JsonPropertyName("user_bytes_written")] public long UserBytesWritten { get; init; }
    [JsonPropertyName("device_bytes_written")] public long? DeviceBytesWritten { get; init; }
    [JsonPropertyName("device_cancelled_write_bytes")] public long? DeviceCancelledWriteBytes { get; init; }
    [JsonPropertyName("write_amp")] public double? WriteAmp { get; init; }
    [JsonPropertyName("engine_write_amp")] public double? EngineWriteAmp { get; init; }
    [JsonPropertyName("engine_io")] public Dictionary<string, long> EngineIo { get; init; } = [];
    [JsonPropertyName("space_amp")] public double? SpaceAmp { get; init; }
    [JsonPropertyName("disk_bytes")] public long DiskBytes { get; init; }
    [JsonPropertyName("live_bytes")] public long LiveBytes { get; init; }

    /// <summary>All operations together: p50, p95, p99, p999, max, avg (µs), as in `workbench bench --json`.</summary>
    [JsonPropertyName("latency_us")] public Dictionary<string, double> LatencyMicros { get; init; } = [];

    /// <summary>Per operation type (READ, UPDATE, …; a db_bench phase has one entry named after the benchmark).</summary>
    [JsonPropertyName("operations")] public Dictionary<string, OperationLatency> Operations { get; init; } = [];

    [JsonPropertyName("throughput_series")] public double[] ThroughputSeries { get; init; } = [];

    [JsonPropertyName("engine_counters")] public Dictionary<string, long> EngineCounters { get; init; } = [];

    /// <summary>Layer sql: bytes each layer handed to the one below (sql, sql_rows, sql_index, txn, txn_default, txn_lock, txn_write; DESIGN.md §5.5); empty elsewhere.</summary>
    [JsonPropertyName("layer_bytes")] public Dictionary<string, long> LayerBytes { get; init; } = [];

    /// <summary>Layer sql: device bytes ÷ each layer's bytes (sql, txn), so the report shows what each layer multiplies.</summary>
    [JsonPropertyName("layer_write_amp")] public Dictionary<string, double> LayerWriteAmp { get; init; } = [];

    /// <summary>
    /// Device bytes of the whole cell (every process, every node) by the layer and cause that
    /// wrote them, keyed "layer.category" (e.g. raft.raft_log, raft.snapshot, engine.wal,
    /// engine.flush, engine.compaction, engine.blob, engine.blob_gc; DESIGN.md §5.5). The entries
    /// are disjoint: their sum is the explained part of <see cref="DeviceBytesWritten"/>. Empty
    /// when the cell measured no device bytes.
    /// </summary>
    [JsonPropertyName("attribution")] public Dictionary<string, long> Attribution { get; init; } = [];

    /// <summary>Sum of <see cref="Attribution"/> ÷ <see cref="DeviceBytesWritten"/> (goal ≥ 0.95); null without device bytes.</summary>
    [JsonPropertyName("explained_share")] public double? ExplainedShare { get; init; }

    /// <summary>A sysbench run phase: the figures sysbench itself printed (tps, qps, errors, reconnects, its latency summary).</summary>
    [JsonPropertyName("sysbench")] public SysbenchFigures? Sysbench { get; init; }
}
