namespace Workbench.Txn.Actions.Requests;

/// <summary>What check_secondary_locks found over an async-commit transaction's secondaries.</summary>
public enum SecondaryLocksStatusKind
{
    /// <summary>Every key still holds the transaction's lock (see <see cref="SecondaryLocksStatus.Locks"/>).</summary>
    Locked,
    /// <summary>Some key is committed at <see cref="SecondaryLocksStatus.CommitTs"/>.</summary>
    Committed,
    /// <summary>Some key is rolled back (or had no lock, and a rollback record now prevents a late prewrite).</summary>
    RolledBack,
}
