namespace Workbench.Txn.Client;

public enum TransactionState
{
    Open,
    Committing,
    Committed,
    RolledBack,
    /// <summary>Commit failed (conflict, abort, unknown outcome, or the coordinator was killed by a test hook).</summary>
    Failed,
}
