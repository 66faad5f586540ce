namespace Workbench.Harness.Charts;

/// <summary>A named series of bars, one value per category of the chart (same order).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<BarValue> Values);
