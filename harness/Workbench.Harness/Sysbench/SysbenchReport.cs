namespace Workbench.Harness.Sysbench;

/// <summary>
/// What one `sysbench … run` printed: the SQL statistics, the general statistics, the latency
/// summary (ms) with its one percentile, and the latency histogram when --histogram=on was given
/// (bucket value in ms, count). Immutable.
/// </summary>
internal sealed record SysbenchReport
{
    public long Reads { get; init; }
    public long Writes { get; init; }
    public long Other { get; init; }
    public long Queries { get; init; }
    public double QueriesPerSec { get; init; }
    public long Transactions { get; init; }
    public double TransactionsPerSec { get; init; }
    public long IgnoredErrors { get; init; }
    public long Reconnects { get; init; }
    public double TotalSeconds { get; init; }
    public long Events { get; init; }
    public double LatencyMinMs { get; init; }
    public double LatencyAvgMs { get; init; }
    public double LatencyMaxMs { get; init; }
    /// <summary>The percentile sysbench was asked for (--percentile, 95 by default) and its value (ms).</summary>
    public double Percentile { get; init; }
    public double PercentileMs { get; init; }
    public IReadOnlyList<(double Ms, long Count)> Histogram { get; init; } = [];
    /// <summary>Transactions per second of each --report-interval line, in order.</summary>
    public IReadOnlyList<double> IntervalTps { get; init; } = [];
}
