namespace Workbench.Workloads.Measurement;

/// <summary>
/// What one <see cref="CompactionWait"/> saw: whether the engine reports pending compaction at all,
/// whether it settled within the bound, how long the wait took, and — only when the wait was cut
/// short — the engine's estimate of the compaction bytes still pending.
/// </summary>
public sealed record CompactionWaitResult(bool Supported, bool Settled, double Seconds, long? PendingCompactionBytes);
