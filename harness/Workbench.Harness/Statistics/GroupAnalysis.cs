namespace Workbench.Harness.Statistics;

/// <summary>A group's engines (in matrix order) and each non-baseline engine's comparisons with the baseline.</summary>
public sealed class GroupAnalysis
{
    public required GroupKey Key { get; init; }
    public required IReadOnlyList<EngineSummary> Engines { get; init; }
    public required IReadOnlyList<Comparison> Comparisons { get; init; }
}
