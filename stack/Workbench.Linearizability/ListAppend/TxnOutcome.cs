namespace Workbench.Linearizability.ListAppend;

/// <summary>What the client learned about a list-append transaction's commit.</summary>
public enum TxnOutcome
{
    /// <summary>The commit was acknowledged.</summary>
    Committed,
    /// <summary>Known not to have committed.</summary>
    Aborted,
    /// <summary>May or may not have committed (e.g. the commit's result was lost).</summary>
    Unknown,
}
