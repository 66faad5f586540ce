using System.Text.Json.Serialization;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// The metrics of DESIGN.md §4 for one measured phase — a db_bench benchmark or a YCSB load/run —
/// declared once: throughput overall and per second, latency summary, user and device bytes, WA
/// (device and the engine's own breakdown by write category), space amplification, engine counters.
/// The bench result and the matrix phase record add only what identifies them.
/// </summary>
public abstract class PhaseMeasurement
{
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

    /// <summary>All operations together: p50, p95, p99, p999, max, avg (µs).</summary>
    [JsonPropertyName("latency_us")] public Dictionary<string, double> LatencyMicros { get; init; } = [];

    [JsonPropertyName("throughput_series")] public double[] ThroughputSeries { get; init; } = [];
    [JsonPropertyName("engine_counters")] public Dictionary<string, long> EngineCounters { get; init; } = [];

    /// <summary>Seconds spent after the phase waiting for the engine's flushes and compactions (<see cref="CompactionWait"/>; their bytes count in this phase); null when it did not wait.</summary>
    [JsonPropertyName("compaction_wait_seconds")] public double? CompactionWaitSeconds { get; init; }

    /// <summary>False when the wait hit its bound with compaction still pending; null when it did not wait.</summary>
    [JsonPropertyName("compaction_settled")] public bool? CompactionSettled { get; init; }

    /// <summary>When the wait was cut short: the engine's estimate of the compaction bytes still pending.</summary>
    [JsonPropertyName("pending_compaction_bytes")] public long? PendingCompactionBytes { get; init; }
}
