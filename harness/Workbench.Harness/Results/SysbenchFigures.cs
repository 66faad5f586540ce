using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>What sysbench printed for one run phase (its own figures, beside our device bytes): rates per second, query mix, errors it retried, reconnects, latency in ms.</summary>
internal sealed class SysbenchFigures
{
    [JsonPropertyName("test")] public required string Test { get; init; }
    [JsonPropertyName("command")] public required string Command { get; init; }
    [JsonPropertyName("tps")] public double Tps { get; init; }
    [JsonPropertyName("qps")] public double Qps { get; init; }
    [JsonPropertyName("transactions")] public long Transactions { get; init; }
    [JsonPropertyName("queries")] public long Queries { get; init; }
    [JsonPropertyName("reads")] public long Reads { get; init; }
    [JsonPropertyName("writes")] public long Writes { get; init; }
    [JsonPropertyName("other")] public long Other { get; init; }
    [JsonPropertyName("ignored_errors")] public long IgnoredErrors { get; init; }
    [JsonPropertyName("reconnects")] public long Reconnects { get; init; }
    [JsonPropertyName("latency_avg_ms")] public double LatencyAvgMs { get; init; }
    [JsonPropertyName("latency_max_ms")] public double LatencyMaxMs { get; init; }
    /// <summary>sysbench's own percentile line (--percentile=99).</summary>
    [JsonPropertyName("latency_p99_ms")] public double LatencyP99Ms { get; init; }
    /// <summary>From sysbench's histogram (bucket resolution).</summary>
    [JsonPropertyName("latency_p95_ms")] public double LatencyP95Ms { get; init; }
}
