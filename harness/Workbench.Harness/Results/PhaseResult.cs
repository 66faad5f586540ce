using System.Text.Json.Serialization;
using Workbench.Workloads.Measurement;

namespace Workbench.Harness.Results;

/// <summary>
/// One measured phase of a cell (YCSB load or run; one db_bench benchmark): the metrics of
/// DESIGN.md §4 (<see cref="PhaseMeasurement"/>, the record bench results share) plus latency per
/// operation type and what the cell's layers add.
/// </summary>
internal sealed class PhaseResult : PhaseMeasurement
{
    [JsonPropertyName("phase")] public required string Phase { get; init; }

    /// <summary>Per operation type (READ, UPDATE, …; a db_bench phase has one entry named after the benchmark).</summary>
    [JsonPropertyName("operations")] public Dictionary<string, OperationLatency> Operations { get; init; } = [];

    /// <summary>Layer sql: bytes each layer handed to the one below (sql, sql_rows, sql_index, txn, txn_default, txn_lock, txn_write; DESIGN.md §5.5); empty elsewhere.</summary>
    [JsonPropertyName("layer_bytes")] public Dictionary<string, long> LayerBytes { get; init; } = [];

    /// <summary>Layer sql: device bytes ÷ each layer's bytes (sql, txn), so the report shows what each layer multiplies.</summary>
    [JsonPropertyName("layer_write_amp")] public Dictionary<string, double> LayerWriteAmp { get; init; } = [];

    /// <summary>
    /// Device bytes of the whole cell (every process, every node) by the layer and cause that
    /// wrote them, keyed "layer.category" (e.g. raft.raft_log, raft.snapshot, engine.wal,
    /// engine.flush, engine.compaction, engine.blob, engine.blob_gc; DESIGN.md §5.5). The entries
    /// are disjoint: their sum is the explained part of <see cref="PhaseMeasurement.DeviceBytesWritten"/>. Empty
    /// when the cell measured no device bytes.
    /// </summary>
    [JsonPropertyName("attribution")] public Dictionary<string, long> Attribution { get; init; } = [];

    /// <summary>Sum of <see cref="Attribution"/> ÷ <see cref="PhaseMeasurement.DeviceBytesWritten"/> (goal ≥ 0.95); null without device bytes.</summary>
    [JsonPropertyName("explained_share")] public double? ExplainedShare { get; set; }

    /// <summary>Why <see cref="ExplainedShare"/> is null although device bytes were measured (e.g. a node of a tcp cluster did not answer ReadAttribution); null otherwise.</summary>
    [JsonPropertyName("explained_share_note")] public string? ExplainedShareNote { get; set; }

    /// <summary>
    /// A phase against a tcp cluster with its processes known (`ycsb --pd … --processes FILE`): each
    /// process's /proc/&lt;pid&gt;/io write_bytes over the phase by role ("pd", "node 1", "sql"), read
    /// after every node flushed its engine; their sum is <see cref="PhaseMeasurement.DeviceBytesWritten"/>. Empty elsewhere.
    /// </summary>
    [JsonPropertyName("process_device_bytes")] public Dictionary<string, long> ProcessDeviceBytes { get; init; } = [];

    /// <summary>A sysbench run phase: the figures sysbench itself printed (tps, qps, errors, reconnects, its latency summary).</summary>
    [JsonPropertyName("sysbench")] public SysbenchFigures? Sysbench { get; init; }
}
