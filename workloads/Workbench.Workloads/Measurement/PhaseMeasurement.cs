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
    /// <summary>Operations the phase completed.</summary>
    [JsonPropertyName("ops")] public long Ops { get; init; }
    /// <summary>Wall-clock seconds of the timed region.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    /// <summary>Ops ÷ seconds.</summary>
    [JsonPropertyName("ops_per_sec")] public double OpsPerSec { get; init; }
    /// <summary>Key + value bytes the workload asked to write (the denominator of write amplification).</summary>
    [JsonPropertyName("user_bytes_written")] public long UserBytesWritten { get; init; }
    /// <summary>Growth of write_bytes in /proc/self/io (or the cluster's processes) over the phase; null without /proc.</summary>
    [JsonPropertyName("device_bytes_written")] public long? DeviceBytesWritten { get; init; }
    /// <summary>Growth of cancelled_write_bytes (dirty pages dropped before writeback), shown beside device bytes, not subtracted.</summary>
    [JsonPropertyName("device_cancelled_write_bytes")] public long? DeviceCancelledWriteBytes { get; init; }
    /// <summary>Device bytes ÷ user bytes; null without device bytes or user bytes.</summary>
    [JsonPropertyName("write_amp")] public double? WriteAmp { get; init; }
    /// <summary>The engine's own bytes written ÷ user bytes; null when either is 0.</summary>
    [JsonPropertyName("engine_write_amp")] public double? EngineWriteAmp { get; init; }
    /// <summary>The engine's own bytes written over the phase by write category (wal, flush, compaction, ...).</summary>
    [JsonPropertyName("engine_io")] public Dictionary<string, long> EngineIo { get; init; } = [];
    /// <summary>Disk bytes ÷ live bytes at the end of the phase; null when either is unknown.</summary>
    [JsonPropertyName("space_amp")] public double? SpaceAmp { get; init; }
    /// <summary>Bytes of the engine's files at the end of the phase.</summary>
    [JsonPropertyName("disk_bytes")] public long DiskBytes { get; init; }
    /// <summary>Key + value bytes of the live keys at the end of the phase (the logical data size).</summary>
    [JsonPropertyName("live_bytes")] public long LiveBytes { get; init; }

    /// <summary>All operations together: p50, p95, p99, p999, max, avg (µs).</summary>
    [JsonPropertyName("latency_us")] public Dictionary<string, double> LatencyMicros { get; init; } = [];

    /// <summary>Operations completed per second of the phase (see Measurement.ThroughputSeries).</summary>
    [JsonPropertyName("throughput_series")] public double[] ThroughputSeries { get; init; } = [];
    /// <summary>The engine's own counters at the end of the phase (compactions, stalls, cache hits, ...), by dotted name.</summary>
    [JsonPropertyName("engine_counters")] public Dictionary<string, long> EngineCounters { get; init; } = [];

    /// <summary>Seconds spent after the phase waiting for the engine's flushes and compactions (<see cref="CompactionWait"/>; their bytes count in this phase); null when it did not wait.</summary>
    [JsonPropertyName("compaction_wait_seconds")] public double? CompactionWaitSeconds { get; init; }

    /// <summary>False when the wait hit its bound with compaction still pending; null when it did not wait.</summary>
    [JsonPropertyName("compaction_settled")] public bool? CompactionSettled { get; init; }

    /// <summary>When the wait was cut short: the engine's estimate of the compaction bytes still pending.</summary>
    [JsonPropertyName("pending_compaction_bytes")] public long? PendingCompactionBytes { get; init; }
}
