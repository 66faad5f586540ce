namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>PrewriteRequest</c> (optimistic): lock every mutation's key for the transaction.</summary>
public sealed record PrewriteRequest
{
    public required IReadOnlyList<Mutation> Mutations { get; init; }
    public required byte[] Primary { get; init; }
    public required ulong StartTs { get; init; }
    public ulong LockTtl { get; init; } = 3000;
    public ulong TxnSize { get; init; }
    /// <summary>Lower bound of the commit_ts written into each lock (TiDB sends start_ts + 1).</summary>
    public ulong MinCommitTs { get; init; }
    public bool UseAsyncCommit { get; init; }
    /// <summary>With async commit, on the request carrying the primary: every secondary key of the transaction.</summary>
    public IReadOnlyList<byte[]> Secondaries { get; init; } = [];
    /// <summary>Commit in this one request if it holds every key of the transaction (TiKV's try_one_pc).</summary>
    public bool TryOnePc { get; init; }
}
