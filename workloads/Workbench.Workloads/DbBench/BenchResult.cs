using System.Text.Json.Serialization;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.DbBench;

/// <summary>One benchmark's result, serialized as one object of the `--json` array (DESIGN.md §4): the shared phase metrics plus the benchmark's parameters.</summary>
public sealed class BenchResult : PhaseMeasurement
{
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    [JsonPropertyName("engine_options")] public Dictionary<string, string> EngineOptions { get; init; } = [];
    [JsonPropertyName("benchmark")] public required string Benchmark { get; init; }
    [JsonPropertyName("num")] public long Num { get; init; }
    [JsonPropertyName("key_size")] public int KeySize { get; init; }
    [JsonPropertyName("value_size")] public int ValueSize { get; init; }
    [JsonPropertyName("threads")] public int Threads { get; init; }
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; }
    [JsonPropertyName("sync")] public bool Sync { get; init; }
    [JsonPropertyName("compression_ratio")] public double CompressionRatio { get; init; } = 1.0;
    [JsonPropertyName("found")] public long? Found { get; init; }
    [JsonPropertyName("layer")] public string Layer { get; init; } = "engine";

    /// <summary>Layer txn: key+value bytes the txn layer handed to the engine per CF (default, lock, write) and "total".</summary>
    [JsonPropertyName("txn_bytes")] public Dictionary<string, long>? TxnBytes { get; init; }

    /// <summary>Layer txn: the ycsb txn path's lines (conflicts, commit modes, bytes per CF) for this benchmark.</summary>
    [JsonIgnore] public string? TxnSummary { get; init; }

    /// <summary>The full latency histogram (ns) of the measured operations; kept in memory for matrix cells, not in bench JSON.</summary>
    [JsonIgnore] public LatencyHistogram? Histogram { get; init; }
}
