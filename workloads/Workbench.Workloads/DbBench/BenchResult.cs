using System.Text.Json.Serialization;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.DbBench;

/// <summary>One benchmark's result, serialized as one object of the `--json` array (DESIGN.md §4): the shared phase metrics plus the benchmark's parameters.</summary>
public sealed class BenchResult : PhaseMeasurement
{
    /// <summary>Engine name as opened.</summary>
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    /// <summary>The engine options in force (given plus equal settings), as strings.</summary>
    [JsonPropertyName("engine_options")] public Dictionary<string, string> EngineOptions { get; init; } = [];
    /// <summary>db_bench benchmark name (fillrandom, readrandom, ...).</summary>
    [JsonPropertyName("benchmark")] public required string Benchmark { get; init; }
    /// <summary>Keys in the key space (--num).</summary>
    [JsonPropertyName("num")] public long Num { get; init; }
    /// <summary>Bytes per key.</summary>
    [JsonPropertyName("key_size")] public int KeySize { get; init; }
    /// <summary>Bytes per value.</summary>
    [JsonPropertyName("value_size")] public int ValueSize { get; init; }
    /// <summary>Worker threads.</summary>
    [JsonPropertyName("threads")] public int Threads { get; init; }
    /// <summary>Operations per write batch.</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; }
    /// <summary>Whether every write batch was synced.</summary>
    [JsonPropertyName("sync")] public bool Sync { get; init; }
    /// <summary>The values' compression ratio (1 = incompressible).</summary>
    [JsonPropertyName("compression_ratio")] public double CompressionRatio { get; init; } = 1.0;
    /// <summary>Read benchmarks: how many lookups found their key (db_bench's "(N of M found)"); null for writes.</summary>
    [JsonPropertyName("found")] public long? Found { get; init; }
    /// <summary>Stack layer the operations went through: "engine" or "txn".</summary>
    [JsonPropertyName("layer")] public string Layer { get; init; } = "engine";

    /// <summary>The engine's "stats" property at the end of the benchmark (per-level compaction flow: lsm's and rocksdb's Compaction Stats table); null when the engine has none.</summary>
    [JsonPropertyName("engine_stats")] public string? EngineStats { get; init; }

    /// <summary>The GC's collections, pause time and allocation during the timed region, and the managed heap at its end.</summary>
    [JsonPropertyName("gc")] public GcFigures? Gc { get; init; }

    /// <summary>The process's peak resident set so far (Linux VmHWM) at the end of the benchmark, in bytes: the bench process holds only the engine and the workload, so the last benchmark's figure is the run's peak RSS (issue 21's memory target); null where the platform does not report it.</summary>
    [JsonPropertyName("peak_rss_bytes")] public long? PeakRssBytes { get; init; }

    /// <summary>With --slow-ops N: the N slowest measured operations, slowest first, with what happened across each; null when off.</summary>
    [JsonPropertyName("slow_ops")] public IReadOnlyList<SlowOp>? SlowOps { get; init; }

    /// <summary>Layer txn: key+value bytes the txn layer handed to the engine per CF (default, lock, write) and "total".</summary>
    [JsonPropertyName("txn_bytes")] public Dictionary<string, long>? TxnBytes { get; init; }

    /// <summary>Layer txn: the ycsb txn path's lines (conflicts, commit modes, bytes per CF) for this benchmark.</summary>
    [JsonIgnore] public string? TxnSummary { get; init; }

    /// <summary>The full latency histogram (ns) of the measured operations; kept in memory for matrix cells, not in bench JSON.</summary>
    [JsonIgnore] public LatencyHistogram? Histogram { get; init; }
}
