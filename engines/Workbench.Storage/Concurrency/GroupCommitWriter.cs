namespace Workbench.Storage.Concurrency;

/// <summary>
/// One caller's place in a <see cref="GroupCommitQueue{T}"/>: derive the engine's pending-write type
/// from it. The queue owns the fields below; the engine owns whatever the derived type adds.
/// </summary>
public abstract class GroupCommitWriter
{
    internal const int Queued = 0;
    internal const int Leading = 1;
    internal const int Finished = 2;

    internal int State;
    internal GroupCommitWriter? NextInQueue;
    internal ManualResetEventSlim? Wakeup;

    /// <summary>Set by the leader that did this writer's work when that work failed (rethrown to this writer's caller).</summary>
    public Exception? Error { get; internal set; }
}
