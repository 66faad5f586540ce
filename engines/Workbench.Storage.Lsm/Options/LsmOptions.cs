using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm.Options;

/// <summary>Engine-wide options (RocksDB's names and defaults, so comparisons with the rocksdb engine are fair). Immutable.</summary>
public sealed class LsmOptions
{
    /// <summary>Capacity (bytes) of the block cache shared by all column families (block_cache size, 8 MiB).</summary>
    public long BlockCacheSize { get; init; } = 8L << 20;
    /// <summary>Background flush and compaction threads (max_background_jobs).</summary>
    public int MaxBackgroundJobs { get; init; } = 2;

    /// <summary>
    /// Write rate (bytes/s) while a slowdown condition holds — level0_slowdown_writes_trigger L0 files or
    /// soft_pending_compaction_bytes_limit (RocksDB's delayed_write_rate; its default without a rate limiter, 16 MiB/s).
    /// </summary>
    public long DelayedWriteRate { get; init; } = 16L << 20;

    /// <summary>Sync the WAL on every write, regardless of WriteOptions.Sync (RocksDB has no such option; off).</summary>
    public bool SyncAllWrites { get; init; }

    /// <summary>Key-value separation options when opened as "titan" (null for "lsm"); the engine takes its value separator from the factory's <see cref="ValueSeparatorPlugin"/>, which carries these.</summary>
    public TitanOptions? Titan { get; init; }
}
