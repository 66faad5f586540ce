namespace Workbench.Harness.Statistics;

/// <summary>
/// A change in a throughput series at interval <see cref="Index"/> (the first interval of the new level),
/// with the medians of the segments before and after. <see cref="IsStall"/> marks a drop to a segment
/// well below the series' typical level (a compaction or GC stall).
/// </summary>
internal sealed record ChangePoint(int Index, double MedianBefore, double MedianAfter, bool IsStall);
