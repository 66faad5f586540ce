namespace Workbench.Cluster.Client;

/// <summary>
/// client-go's backoff configurations (config/retry/config.go): base and cap in milliseconds, and
/// the jitter. Each region error has its own: a missing or moved region retries fast, a busy
/// server slowly.
/// </summary>
public sealed record BackoffKind(string Name, int BaseMs, int CapMs, BackoffJitter Jitter)
{
    /// <summary>
    /// When above 0, sleeps of this kind do not spend the request's budget; they have their own of
    /// this many milliseconds (client-go's isSleepExcluded: a busy store is waited out, not given up on).
    /// </summary>
    public int ExcludedBudgetMs { get; init; }

    /// <summary>A store RPC failed or timed out (client-go's tikvRPC: 100 → 2000 ms, equal jitter).</summary>
    public static readonly BackoffKind TiKvRpc = new("tikvRPC", 100, 2000, BackoffJitter.Equal);
    /// <summary>A live lock blocks the request (txnLock: 200 → 3000 ms, equal jitter).</summary>
    public static readonly BackoffKind TxnLock = new("txnLock", 200, 3000, BackoffJitter.Equal);
    /// <summary>PD could not be reached (pdRPC: 500 → 3000 ms, equal jitter).</summary>
    public static readonly BackoffKind PdRpc = new("pdRPC", 500, 3000, BackoffJitter.Equal);
    /// <summary>The region is missing or the key left it: re-locate and retry fast (regionMiss: 2 → 500 ms).</summary>
    public static readonly BackoffKind RegionMiss = new("regionMiss", 2, 500, BackoffJitter.None);
    /// <summary>Leadership is moving or no peer serves: try the next peer soon (regionScheduling: 2 → 500 ms).</summary>
    public static readonly BackoffKind RegionScheduling = new("regionScheduling", 2, 500, BackoffJitter.None);
    /// <summary>The store is overloaded (tikvServerBusy: 2 → 10 s, equal jitter; outside the request's budget, up to 600 s of its own, as client-go).</summary>
    public static readonly BackoffKind ServerBusy = new("tikvServerBusy", 2000, 10000, BackoffJitter.Equal) { ExcludedBudgetMs = 600_000 };
    /// <summary>The command was proposed in a stale term (staleCommand: 2 → 1000 ms).</summary>
    public static readonly BackoffKind StaleCommand = new("staleCommand", 2, 1000, BackoffJitter.None);
}

/// <summary>How a backoff sleep is randomized (client-go's jitter kinds).</summary>
public enum BackoffJitter
{
    /// <summary>Exactly min(cap, base·2ⁿ).</summary>
    None,
    /// <summary>Uniform in [0, the exponential value].</summary>
    Full,
    /// <summary>Half the exponential value plus a uniform part of the other half.</summary>
    Equal,
    /// <summary>base + uniform below (3 × the last sleep − base), capped (decorrelated jitter).</summary>
    Decorrelated,
}
