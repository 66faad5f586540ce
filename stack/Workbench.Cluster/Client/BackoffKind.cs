namespace Workbench.Cluster.Client;

/// <summary>
/// client-go's backoff configurations (config/retry/config.go): base and cap in milliseconds, and
/// the jitter. Each region error has its own: a missing or moved region retries fast, a busy
/// server slowly.
/// </summary>
public sealed record BackoffKind(string Name, int BaseMs, int CapMs, BackoffJitter Jitter)
{
    public static readonly BackoffKind TiKvRpc = new("tikvRPC", 100, 2000, BackoffJitter.Equal);
    public static readonly BackoffKind TxnLock = new("txnLock", 200, 3000, BackoffJitter.Equal);
    public static readonly BackoffKind PdRpc = new("pdRPC", 500, 3000, BackoffJitter.Equal);
    public static readonly BackoffKind RegionMiss = new("regionMiss", 2, 500, BackoffJitter.None);
    public static readonly BackoffKind RegionScheduling = new("regionScheduling", 2, 500, BackoffJitter.None);
    public static readonly BackoffKind ServerBusy = new("tikvServerBusy", 2000, 10000, BackoffJitter.Equal);
    public static readonly BackoffKind StaleCommand = new("staleCommand", 2, 1000, BackoffJitter.None);
}

public enum BackoffJitter
{
    None,
    Full,
    Equal,
    Decorrelated,
}
