namespace Workbench.Harness.Charts;

/// <summary>A named polyline; points with a non-finite coordinate (or non-positive on a log axis) are skipped.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
