namespace Workbench.Linearizability;

public enum CheckOutcome
{
    Linearizable,
    NotLinearizable,

    /// <summary>The search budget ran out before a verdict.</summary>
    Unknown,
}
