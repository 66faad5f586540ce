namespace Workbench.Linearizability;

/// <summary>Verdict of <see cref="LinearizabilityChecker.Check"/> on a whole history (the worst over its partitions).</summary>
public enum CheckOutcome
{
    /// <summary>Some order of the operations, consistent with their real-time call/return intervals, satisfies the model.</summary>
    Linearizable,
    /// <summary>No such order exists: the history shows a violation.</summary>
    NotLinearizable,

    /// <summary>The search budget ran out before a verdict.</summary>
    Unknown,
}
