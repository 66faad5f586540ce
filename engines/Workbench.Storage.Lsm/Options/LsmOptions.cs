namespace Workbench.Storage.Lsm;

/// <summary>Engine-wide options (RocksDB's names and defaults, so comparisons with the rocksdb engine are fair). Immutable.</summary>
public sealed class LsmOptions
{
    public long BlockCacheSize { get; init; } = 8L << 20;
    public int MaxBackgroundJobs { get; init; } = 2;

    /// <summary>Sync the WAL on every write, regardless of WriteOptions.Sync (RocksDB has no such option; off).</summary>
    public bool SyncAllWrites { get; init; }

    /// <summary>Key-value separation options when opened as "titan" (null for "lsm"); the engine takes its value separator from the factory's <see cref="ValueSeparatorPlugin"/>, which carries these.</summary>
    public TitanOptions? Titan { get; init; }
}
