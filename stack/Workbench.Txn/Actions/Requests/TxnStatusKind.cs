namespace Workbench.Txn.Actions.Requests;

/// <summary>check_txn_status's verdicts (TiKV's <c>TxnStatus</c>).</summary>
public enum TxnStatusKind
{
    /// <summary>The lock is alive (TTL not expired).</summary>
    Locked,
    /// <summary>The primary is committed at <see cref="TxnStatus.CommitTs"/>.</summary>
    Committed,
    /// <summary>Already rolled back earlier.</summary>
    RolledBack,
    /// <summary>The lock's TTL had expired; it was rolled back now.</summary>
    TtlExpireRollback,
    /// <summary>No lock and no record; a rollback record was written now.</summary>
    LockNotExistRollback,
}
