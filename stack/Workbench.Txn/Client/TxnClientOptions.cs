namespace Workbench.Txn.Client;

/// <summary>
/// The 2PC coordinator's switches and limits, with TiDB's defaults (async commit and 1PC on,
/// async commit only for ≤ 256 keys of ≤ 4096 key bytes in total, 16 KiB prewrite/commit batches,
/// lock TTL 3 s, lock backoff 2 → 3000 ms with equal jitter, 20 s budget — client-go's
/// txnLockFast). Immutable once given to a client.
/// </summary>
public sealed record TxnClientOptions
{
    public bool AsyncCommit { get; init; } = true;
    public bool OnePc { get; init; } = true;
    public int AsyncCommitMaxKeys { get; init; } = 256;
    public int AsyncCommitMaxKeyBytes { get; init; } = 4096;
    /// <summary>Key + value bytes per prewrite/commit request (TiDB's txnCommitBatchSize).</summary>
    public int BatchBytes { get; init; } = 16 * 1024;
    public ulong LockTtlMs { get; init; } = 3000;
    public int BackoffBaseMs { get; init; } = 2;
    public int BackoffCapMs { get; init; } = 3000;
    public int BackoffBudgetMs { get; init; } = 20_000;
    /// <summary>Commit secondaries on a background task (TiDB); false commits them before Commit returns (deterministic tests).</summary>
    public bool SecondariesInBackground { get; init; } = true;
    /// <summary>Seed of the backoff jitter.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>How the client waits; injected so simulations need not sleep. Default: Thread.Sleep.</summary>
    public Action<int>? Sleep { get; init; }
    /// <summary>Called at each step of a commit; a test throws from it to kill the coordinator there (nothing is cleaned up).</summary>
    public Action<CommitStep>? OnCommitStep { get; init; }
}
