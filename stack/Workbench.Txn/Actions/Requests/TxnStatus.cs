using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Actions.Requests;

/// <summary>check_txn_status's answer. <see cref="Lock"/> is the primary lock when <see cref="Kind"/> is Locked.</summary>
public sealed record TxnStatus(TxnStatusKind Kind, ulong CommitTs = 0, LockRecord? Lock = null, bool MinCommitTsPushed = false)
{
    /// <summary>The transaction is rolled back, for any of the three reasons (asked, TTL expired, lock missing).</summary>
    public bool IsRolledBack => Kind is TxnStatusKind.RolledBack or TxnStatusKind.TtlExpireRollback or TxnStatusKind.LockNotExistRollback;
}
