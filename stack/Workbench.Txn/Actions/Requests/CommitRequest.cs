namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>CommitRequest</c>: turn the transaction's locks on <see cref="Keys"/> into write records at <see cref="CommitTs"/>.</summary>
public sealed record CommitRequest(IReadOnlyList<byte[]> Keys, ulong StartTs, ulong CommitTs);
