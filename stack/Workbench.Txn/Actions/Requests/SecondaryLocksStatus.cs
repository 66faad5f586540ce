using Workbench.Txn.Errors;

namespace Workbench.Txn.Actions.Requests;

/// <summary>check_secondary_locks's answer.</summary>
public sealed record SecondaryLocksStatus(SecondaryLocksStatusKind Kind, IReadOnlyList<LockInfo> Locks, ulong CommitTs);
