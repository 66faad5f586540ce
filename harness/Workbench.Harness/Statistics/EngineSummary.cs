using Workbench.Harness.Results;

namespace Workbench.Harness.Statistics;

/// <summary>One engine in one group: its phases over all repeats and their summaries.</summary>
public sealed class EngineSummary
{
    public required string Engine { get; init; }
    public required IReadOnlyList<PhaseResult> Phases { get; init; }

    /// <summary>Median ops/s over repeats, with a CI when there are at least two repeats.</summary>
    public required MedianEstimate Throughput { get; init; }

    public double? WriteAmp { get; init; }
    public double? EngineWriteAmp { get; init; }
    public double? SpaceAmp { get; init; }
    public long UserBytesWritten { get; init; }

    /// <summary>Engine bytes by write category per user byte (median over repeats).</summary>
    public required IReadOnlyDictionary<string, double> WriteAmpByCategory { get; init; }

    /// <summary>Per operation: median over repeats of each plotted percentile (µs).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(double Percentile, double Micros)>> LatencyCurves { get; init; }

    /// <summary>Change points of each repeat's throughput series (index = repeat order).</summary>
    public required IReadOnlyList<IReadOnlyList<ChangePoint>> ChangePoints { get; init; }
}
