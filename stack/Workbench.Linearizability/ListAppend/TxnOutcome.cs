namespace Workbench.Linearizability.ListAppend;

public enum TxnOutcome
{
    Committed,
    /// <summary>Known not to have committed.</summary>
    Aborted,
    /// <summary>May or may not have committed (e.g. the commit's result was lost).</summary>
    Unknown,
}
