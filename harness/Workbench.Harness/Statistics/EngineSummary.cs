using Workbench.Harness.Results;

namespace Workbench.Harness.Statistics;

/// <summary>
/// One engine in one group: its phases over all repeats and the medians every table, chart and
/// verdict of the report uses (so they cannot disagree).
/// </summary>
internal sealed class EngineSummary
{
    /// <summary>The engine's label in the matrix (what the report names it).</summary>
    public required string Engine { get; init; }

    /// <summary>The catalog name behind the label (memory, rocksdb, …).</summary>
    public required string EngineName { get; init; }

    /// <summary>A reference engine (the in-memory one): shown, never a contender in the scorecard.</summary>
    public bool IsReference { get; init; }

    public required IReadOnlyList<PhaseResult> Phases { get; init; }

    /// <summary>Harrell–Davis median ops/s over repeats, with a CI when there are at least two repeats.</summary>
    public required MedianEstimate Throughput { get; init; }

    /// <summary>Coefficient of variation of ops/s across repeats (NaN with one repeat).</summary>
    public double ThroughputCv { get; init; } = double.NaN;

    /// <summary>Median over repeats of the phase's p99 over all operations (µs).</summary>
    public double? P99 { get; init; }

    public double? WriteAmp { get; init; }
    public double? EngineWriteAmp { get; init; }
    public double? SpaceAmp { get; init; }
    public long UserBytesWritten { get; init; }

    /// <summary>Engine bytes by write category per user byte (median over repeats).</summary>
    public required IReadOnlyDictionary<string, double> WriteAmpByCategory { get; init; }

    /// <summary>Per operation: median over repeats of p50, p90, p95, p99, p99.9 and max (µs).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(string Label, double Micros)>> LatencyCurves { get; init; }

    /// <summary>Change points of each repeat's throughput series (index = repeat order).</summary>
    public required IReadOnlyList<IReadOnlyList<ChangePoint>> ChangePoints { get; init; }

    /// <summary>The WA a comparison uses: device WA where measured, else the engine's own.</summary>
    public double? ComparableWriteAmp => WriteAmp ?? EngineWriteAmp;

    /// <summary>The value of one repeat on a measure (latency: p99 of <paramref name="operation"/>, or of all operations when null).</summary>
    public static double RepeatValue(PhaseResult p, Measure measure, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        return measure switch
        {
            Measure.Throughput => p.OpsPerSec,
            Measure.Latency => operation is null
                ? p.LatencyMicros.GetValueOrDefault("p99", double.NaN)
                : p.Operations.TryGetValue(operation, out var l) ? l.P99 : double.NaN,
            Measure.WriteAmp => p.UserBytesWritten > 0 ? p.WriteAmp ?? p.EngineWriteAmp ?? double.NaN : double.NaN,
            _ => p.SpaceAmp ?? double.NaN,
        };
    }

    /// <summary>The median this engine shows in the report's tables for a measure (NaN when not measured).</summary>
    public double Value(Measure measure, string? operation = null) => measure switch
    {
        Measure.Throughput => Throughput.Median,
        Measure.Latency when operation is null => P99 ?? double.NaN,
        Measure.WriteAmp => UserBytesWritten > 0 ? ComparableWriteAmp ?? double.NaN : double.NaN,
        Measure.SpaceAmp => SpaceAmp ?? double.NaN,
        _ => Estimators.SimpleMedian(Phases.Select(p => RepeatValue(p, measure, operation)).Where(double.IsFinite).ToList()),
    };
}
