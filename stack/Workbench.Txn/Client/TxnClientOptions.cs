namespace Workbench.Txn.Client;

/// <summary>
/// The 2PC coordinator's switches and limits, with TiDB's defaults (async commit and 1PC on,
/// async commit only for ≤ 256 keys of ≤ 4096 key bytes in total, 16 KiB prewrite/commit batches,
/// lock TTL 3 s, lock backoff 2 → 3000 ms with equal jitter, 20 s budget — client-go's
/// txnLockFast). Immutable once given to a client.
/// </summary>
public sealed record TxnClientOptions
{
    /// <summary>Try async commit for transactions within the key limits (TiDB's tidb_enable_async_commit).</summary>
    public bool AsyncCommit { get; init; } = true;
    /// <summary>Try one-phase commit when one request holds every key (TiDB's tidb_enable_1pc).</summary>
    public bool OnePc { get; init; } = true;
    /// <summary>Most keys an async-commit transaction may have (else 2PC).</summary>
    public int AsyncCommitMaxKeys { get; init; } = 256;
    /// <summary>Most total key bytes an async-commit transaction may have (else 2PC).</summary>
    public int AsyncCommitMaxKeyBytes { get; init; } = 4096;
    /// <summary>Key + value bytes per prewrite/commit request (TiDB's txnCommitBatchSize).</summary>
    public int BatchBytes { get; init; } = 16 * 1024;
    /// <summary>Time-to-live of the locks this client writes, in milliseconds.</summary>
    public ulong LockTtlMs { get; init; } = 3000;
    /// <summary>First backoff after meeting a live lock, in milliseconds (doubles each time).</summary>
    public int BackoffBaseMs { get; init; } = 2;
    /// <summary>Largest single backoff, in milliseconds.</summary>
    public int BackoffCapMs { get; init; } = 3000;
    /// <summary>Total backoff one operation may spend before giving up with TxnAbortedException, in milliseconds.</summary>
    public int BackoffBudgetMs { get; init; } = 20_000;
    /// <summary>Commit secondaries on a background task (TiDB); false commits them before Commit returns (deterministic tests).</summary>
    public bool SecondariesInBackground { get; init; } = true;
    /// <summary>Most dedicated threads for background secondary commits (started on demand; beyond it commits queue). Never the thread pool: see <see cref="BackgroundCommitters"/>.</summary>
    public int MaxBackgroundCommitThreads { get; init; } = 32;
    /// <summary>Seed of the backoff jitter.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>How the client waits; injected so simulations need not sleep. Default: Thread.Sleep.</summary>
    public Action<int>? Sleep { get; init; }
    /// <summary>Called at each step of a commit; a test throws from it to kill the coordinator there (nothing is cleaned up).</summary>
    public Action<CommitStep>? OnCommitStep { get; init; }
}
