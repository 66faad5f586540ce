using System.Text.Json.Serialization;
using Workbench.Workloads.Measurement;

namespace Workbench.Harness.Results;

/// <summary>
/// Latency of one operation type in one phase (microseconds), with the full histogram in
/// HdrHistogram's compressed encoding (nanoseconds, base64) so reports can merge histograms later
/// (<see cref="ToHistogram"/>) without keeping raw samples.
/// </summary>
internal sealed class OperationLatency
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

    /// <summary>HdrHistogram V2 compressed encoding, base64, values in ns (null when the result came without one).</summary>
    [JsonPropertyName("hdr_histogram_ns")] public string? HdrHistogram { get; init; }

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
            HdrHistogram = withHistogram ? h.Encode() : null,
        };
    }

    /// <summary>The histogram back (null when none was stored); throws <see cref="FormatException"/> on a corrupt encoding.</summary>
    public LatencyHistogram? ToHistogram() =>
        HdrHistogram is null ? null : LatencyHistogram.Decode(HdrHistogram, (long)Math.Round(Min * 1000), (long)Math.Round(Max * 1000));

    /// <summary>The points the report plots, as (label, µs): p50 … p99.9 and max.</summary>
    public IReadOnlyList<(string Label, double Micros)> Curve() =>
        [("p50", P50), ("p90", P90), ("p95", P95), ("p99", P99), ("p99.9", P999), ("max", Max)];
}
