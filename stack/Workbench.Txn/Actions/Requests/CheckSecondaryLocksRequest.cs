namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>CheckSecondaryLocksRequest</c>: the state of an async-commit transaction on its secondaries.</summary>
public sealed record CheckSecondaryLocksRequest(IReadOnlyList<byte[]> Keys, ulong StartTs);
