using System.Text.Json.Serialization;
using Workbench.Workloads.Measurement;

namespace Workbench.Harness.Results;

/// <summary>
/// Latency of one operation type in one phase (microseconds), with the full histogram as
/// (lowest value in ns, count) pairs so reports can be re-rendered and histograms merged later.
/// </summary>
public sealed class OperationLatency
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("not_found")] public long NotFound { get; init; }
    [JsonPropertyName("avg")] public double Avg { get; init; }
    [JsonPropertyName("min")] public double Min { get; init; }
    [JsonPropertyName("max")] public double Max { get; init; }
    [JsonPropertyName("p50")] public double P50 { get; init; }
    [JsonPropertyName("p90")] public double P90 { get; init; }
    [JsonPropertyName("p95")] public double P95 { get; init; }
    [JsonPropertyName("p99")] public double P99 { get; init; }
    [JsonPropertyName("p999")] public double P999 { get; init; }
    [JsonPropertyName("p9999")] public double P9999 { get; init; }
    [JsonPropertyName("histogram_ns")] public long[][] HistogramNanos { get; init; } = [];

    public static OperationLatency From(LatencyHistogram h, long notFound = 0, bool withHistogram = true)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new OperationLatency
        {
            Count = h.Count,
            NotFound = notFound,
            Avg = h.Mean / 1000.0,
            Min = h.Count == 0 ? 0 : h.Min / 1000.0,
            Max = h.Max / 1000.0,
            P50 = h.ValueAtPercentile(50) / 1000.0,
            P90 = h.ValueAtPercentile(90) / 1000.0,
            P95 = h.ValueAtPercentile(95) / 1000.0,
            P99 = h.ValueAtPercentile(99) / 1000.0,
            P999 = h.ValueAtPercentile(99.9) / 1000.0,
            P9999 = h.ValueAtPercentile(99.99) / 1000.0,
            HistogramNanos = withHistogram ? h.Buckets().Select(b => new[] { b.Value, b.Count }).ToArray() : [],
        };
    }

    /// <summary>The percentiles the report plots, as (percentile, µs).</summary>
    public IReadOnlyList<(double Percentile, double Micros)> Curve() =>
        [(50, P50), (90, P90), (95, P95), (99, P99), (99.9, P999)];
}
