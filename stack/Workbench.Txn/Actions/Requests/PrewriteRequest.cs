namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>PrewriteRequest</c> (optimistic): lock every mutation's key for the transaction.</summary>
public sealed record PrewriteRequest
{
    /// <summary>The keys to lock and what to write at each.</summary>
    public required IReadOnlyList<Mutation> Mutations { get; init; }
    /// <summary>The transaction's primary key; every lock points at it.</summary>
    public required byte[] Primary { get; init; }
    /// <summary>The transaction's start_ts.</summary>
    public required ulong StartTs { get; init; }
    /// <summary>Lock time-to-live in milliseconds after the physical part of start_ts; a lock older than that may be rolled back by others.</summary>
    public ulong LockTtl { get; init; } = 3000;
    /// <summary>Keys of the whole transaction (TiKV's txn_size; a hint for resolvers), 0 = unknown.</summary>
    public ulong TxnSize { get; init; }
    /// <summary>Lower bound of the commit_ts written into each lock (TiDB sends start_ts + 1).</summary>
    public ulong MinCommitTs { get; init; }
    /// <summary>Prewrite for async commit: the store computes min_commit_ts and the primary lock lists the secondaries.</summary>
    public bool UseAsyncCommit { get; init; }
    /// <summary>With async commit, on the request carrying the primary: every secondary key of the transaction.</summary>
    public IReadOnlyList<byte[]> Secondaries { get; init; } = [];
    /// <summary>Commit in this one request if it holds every key of the transaction (TiKV's try_one_pc).</summary>
    public bool TryOnePc { get; init; }
}
