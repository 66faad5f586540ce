namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>ResolveLockRequest</c>: commit (CommitTs &gt; 0) or roll back (0) transaction StartTs's locks on Keys, or on every key it locks when Keys is null.</summary>
public sealed record ResolveLockRequest(ulong StartTs, ulong CommitTs, IReadOnlyList<byte[]>? Keys = null);
