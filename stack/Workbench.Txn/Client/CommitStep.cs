namespace Workbench.Txn.Client;

/// <summary>Points of a commit at which <see cref="TxnClientOptions.OnCommitStep"/> is called.</summary>
public enum CommitStep
{
    /// <summary>The primary's batch is prewritten; secondaries are not.</summary>
    PrimaryPrewritten,
    /// <summary>Every batch is prewritten; nothing is committed (for async commit: the txn is already committed logically).</summary>
    AllPrewritten,
    /// <summary>The primary is committed; secondaries are not.</summary>
    PrimaryCommitted,
    /// <summary>Before each secondary batch's commit.</summary>
    CommittingSecondaryBatch,
}
