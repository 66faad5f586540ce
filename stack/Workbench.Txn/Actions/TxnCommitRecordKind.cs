namespace Workbench.Txn.Actions;

/// <summary>What the write CF says of one transaction on one key.</summary>
internal enum TxnCommitRecordKind
{
    None,
    Committed,
    RolledBack,
    /// <summary>Another transaction committed at exactly this start_ts; no record of this one.</summary>
    OverlappedWrite,
}
