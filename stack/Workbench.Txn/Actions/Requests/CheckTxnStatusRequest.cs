namespace Workbench.Txn.Actions.Requests;

/// <summary>kvproto's <c>CheckTxnStatusRequest</c>, sent to a transaction's primary key by a reader or resolver.</summary>
public sealed record CheckTxnStatusRequest
{
    /// <summary>The transaction's primary key (raw user key).</summary>
    public required byte[] PrimaryKey { get; init; }
    /// <summary>The transaction's start_ts (the ts of its primary lock).</summary>
    public required ulong LockTs { get; init; }
    /// <summary>Start ts of the reader asking; its lock push (min_commit_ts = caller + 1) lets it read past the lock. 0 = no push.</summary>
    public ulong CallerStartTs { get; init; }
    /// <summary>Now, from the TSO: decides TTL expiry.</summary>
    public required ulong CurrentTs { get; init; }
    /// <summary>Write a rollback record when neither lock nor commit record exists (the primary's prewrite may be lost).</summary>
    public bool RollbackIfNotExist { get; init; }
    /// <summary>Treat an async-commit lock as an ordinary one (roll back on expiry) — used after checking secondaries.</summary>
    public bool ForceSyncCommit { get; init; }
}
