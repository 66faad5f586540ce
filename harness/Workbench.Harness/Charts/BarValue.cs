namespace Workbench.Harness.Charts;

/// <summary>One bar: its height and an optional confidence interval drawn as a whisker. NaN = missing.</summary>
public readonly record struct BarValue(double Value, double? Low = null, double? High = null);
