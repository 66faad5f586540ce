namespace Workbench.Txn.Gc;

/// <summary>MVCC GC settings (TiDB's tikv_gc_life_time / run_interval, TiKV's gc.max-write-bytes-per-sec).</summary>
public sealed record GcOptions
{
    /// <summary>Versions stay readable for this long (safe point = now − life time, and never above an open transaction).</summary>
    public long LifeTimeMs { get; init; } = 10 * 60 * 1000;
    /// <summary>Milliseconds between two background GC rounds.</summary>
    public long IntervalMs { get; init; } = 10 * 60 * 1000;
    /// <summary>Bytes of GC modifications per second (0 = unlimited).</summary>
    public long MaxBytesPerSecond { get; init; }
    /// <summary>Modifications per atomic write.</summary>
    public int BatchModifications { get; init; } = 256;
}
