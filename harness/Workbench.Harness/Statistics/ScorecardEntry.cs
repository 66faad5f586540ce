namespace Workbench.Harness.Statistics;

/// <summary>
/// One measure of one group in the scorecard: the winner among the contenders (null when there is no
/// clear winner), the comparison of the best contender with the runner-up that decided it, and the
/// text shown. <see cref="Best"/> is the contender with the best median, winner or not.
/// </summary>
internal sealed record ScorecardEntry(Measure Measure, string? Winner, string? Best, Comparison? Decisive, string Text);
