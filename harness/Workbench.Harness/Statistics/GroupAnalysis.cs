namespace Workbench.Harness.Statistics;

/// <summary>A group's engines (in matrix order), each non-baseline engine's comparisons with the baseline, and the group's scorecard.</summary>
internal sealed class GroupAnalysis
{
    public required GroupKey Key { get; init; }
    public required IReadOnlyList<EngineSummary> Engines { get; init; }
    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>Throughput, p99, WA and space amp, in that order (measures nobody measured are left out).</summary>
    public required IReadOnlyList<ScorecardEntry> Scorecard { get; init; }
}
