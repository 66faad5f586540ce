namespace Workbench.Txn.Client;

/// <summary>Where a <see cref="Transaction"/> is in its life.</summary>
public enum TransactionState
{
    /// <summary>Reads and buffered writes allowed.</summary>
    Open,
    /// <summary>Commit is running.</summary>
    Committing,
    /// <summary>Commit returned; the writes are visible at CommitTs.</summary>
    Committed,
    /// <summary>Ended without committing (disposed, or failed).</summary>
    RolledBack,
    /// <summary>Commit failed (conflict, abort, unknown outcome, or the coordinator was killed by a test hook).</summary>
    Failed,
}
