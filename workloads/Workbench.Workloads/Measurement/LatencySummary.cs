namespace Workbench.Workloads.Measurement;

/// <summary>The latency summary every result carries (`latency_us`: avg, p50, p95, p99, p999, max in µs). Stateless.</summary>
public static class LatencySummary
{
    /// <summary>avg, p50, p95, p99, p999 and max of <paramref name="h"/> in microseconds, keyed as in results JSON.</summary>
    public static Dictionary<string, double> Micros(LatencyHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new Dictionary<string, double>
        {
            ["avg"] = h.Mean / 1000.0,
            ["p50"] = h.ValueAtPercentile(50) / 1000.0,
            ["p95"] = h.ValueAtPercentile(95) / 1000.0,
            ["p99"] = h.ValueAtPercentile(99) / 1000.0,
            ["p999"] = h.ValueAtPercentile(99.9) / 1000.0,
            ["max"] = h.Max / 1000.0,
        };
    }
}
