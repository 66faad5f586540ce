namespace Workbench.Harness.Charts;

/// <summary>A vertical line across the plot at <see cref="X"/> (e.g. a detected throughput change point).</summary>
public sealed record VerticalMarker(double X, string Label);
