namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>BatchRollbackRequest</c>: roll the transaction back on these keys, leaving protected rollback records.</summary>
public sealed record RollbackRequest(IReadOnlyList<byte[]> Keys, ulong StartTs);
