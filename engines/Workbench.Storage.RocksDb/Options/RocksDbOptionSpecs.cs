using Workbench.Storage.Registry;

using static Workbench.Storage.RocksDb.Options.RocksDbOptionNames;

namespace Workbench.Storage.RocksDb.Options;

/// <summary>
/// The options both RocksDB engines declare. Defaults are db_bench's (RocksDB 7.8 `db_bench --help`,
/// the anchor) so that `workbench bench --engine rocksdb` and db_bench 7.8 run the same
/// configuration on the RocksDB 11 library; where RocksDB 11's own default differs (e.g.
/// level_compaction_dynamic_level_bytes, true since 8.2) the description says so. The one deliberate
/// difference from db_bench is compression: db_bench defaults to snappy, but every comparison here
/// runs uncompressed (the anchor script passes --compression_type=none), so our default is none.
/// "rocksdb-blob" differs only in the BlobDB defaults (files on, GC on). Each option is declared
/// once here (the pattern of docs/DESIGN.md §6); <see cref="RocksDbOptionsBuilder"/> reads the typed
/// values with <c>XOption.Get</c> and hands them to RocksDB's setters, so no default is repeated there.
/// </summary>
internal static class RocksDbOptionSpecs
{
    private const OptionScope Cf = OptionScope.ColumnFamily;

    public static readonly IReadOnlyList<string> Compressions = ["none", "snappy", "lz4", "zstd"];

    public static readonly EngineOption<int> MaxBackgroundJobsOption = EngineOption.Int(MaxBackgroundJobs, 2, "background flush + compaction threads (db_bench: 2)", min: 1, max: 64);
    public static readonly EngineOption<long> BlockCacheSizeOption = EngineOption.Size(BlockCacheSize, 8L << 20, "LRU block cache shared by all column families, bytes (db_bench --cache_size: 8 MB); 0 = no block cache", min: 0);
    public static readonly EngineOption<bool> EnablePipelinedWriteOption = EngineOption.Bool(EnablePipelinedWrite, true, "separate WAL and memtable write queues (db_bench: true)");
    public static readonly EngineOption<bool> UseDirectReadsOption = EngineOption.Bool(UseDirectReads, false, "O_DIRECT for user reads");
    public static readonly EngineOption<bool> UseDirectIoForFlushAndCompactionOption = EngineOption.Bool(UseDirectIoForFlushAndCompaction, false, "O_DIRECT for flush and compaction IO");
    public static readonly EngineOption<int> MaxOpenFilesOption = EngineOption.Int(MaxOpenFiles, -1, "table files kept open (-1 = all)", min: -1);
    public static readonly EngineOption<long> BytesPerSyncOption = EngineOption.Size(BytesPerSync, 0, "sync SST files incrementally every this many bytes (0 = off)", min: 0);
    public static readonly EngineOption<long> WalBytesPerSyncOption = EngineOption.Size(WalBytesPerSync, 0, "sync the WAL incrementally every this many bytes (0 = off)", min: 0);
    public static readonly EngineOption<long> MaxTotalWalSizeOption = EngineOption.Size(MaxTotalWalSize, 0, "force a flush when the WALs exceed this size (0 = 4 x total write buffers)", min: 0);
    public static readonly EngineOption<long> RateLimiterBytesPerSecOption = EngineOption.Size(RateLimiterBytesPerSec, 0, "rate limiter shared by flushes and compactions, bytes/s of their writes (0 = none; db_bench's flag)", min: 0);
    public static readonly EngineOption<bool> RateLimiterAutoTunedOption = EngineOption.Bool(RateLimiterAutoTuned, false, "let RocksDB tune the limit between 1/20 of and rate_limiter_bytes_per_sec by demand (db_bench's flag)");
    public static readonly EngineOption<long> WriteBufferSizeOption = EngineOption.Size(WriteBufferSize, 64L << 20, "memtable size, bytes", Cf, min: 64 << 10);
    public static readonly EngineOption<int> MaxWriteBufferNumberOption = EngineOption.Int(MaxWriteBufferNumber, 2, "memtables per column family (active + immutable)", Cf, min: 2, max: 64);
    public static readonly EngineOption<int> Level0FileNumCompactionTriggerOption = EngineOption.Int(Level0FileNumCompactionTrigger, 4, "L0 files that start an L0 -> L1 compaction", Cf, min: 1);
    public static readonly EngineOption<int> Level0SlowdownWritesTriggerOption = EngineOption.Int(Level0SlowdownWritesTrigger, 20, "L0 files that slow writes down", Cf, min: 1);
    public static readonly EngineOption<int> Level0StopWritesTriggerOption = EngineOption.Int(Level0StopWritesTrigger, 36, "L0 files that stop writes", Cf, min: 1);
    public static readonly EngineOption<long> MaxBytesForLevelBaseOption = EngineOption.Size(MaxBytesForLevelBase, 256L << 20, "target size of L1, bytes", Cf, min: 1 << 20);
    public static readonly EngineOption<double> MaxBytesForLevelMultiplierOption = EngineOption.Double(MaxBytesForLevelMultiplier, 10.0, "size ratio between adjacent levels", Cf, min: 1, max: 1000);
    public static readonly EngineOption<long> TargetFileSizeBaseOption = EngineOption.Size(TargetFileSizeBase, 64L << 20, "target SST size at L1, bytes", Cf, min: 64 << 10);
    public static readonly EngineOption<int> NumLevelsOption = EngineOption.Int(NumLevels, 7, "number of LSM levels", Cf, min: 2, max: 20);
    public static readonly EngineOption<bool> LevelCompactionDynamicLevelBytesOption = EngineOption.Bool(LevelCompactionDynamicLevelBytes, false, "size levels from the bottom up (db_bench 7.8: false; RocksDB's default since 8.2: true)", Cf);
    public static readonly EngineOption<long> BlockSizeOption = EngineOption.Size(BlockSize, 4096, "uncompressed data block size, bytes", Cf, min: 256, max: 1 << 28);
    public static readonly EngineOption<double> BloomBitsPerKeyOption = EngineOption.Double(BloomBitsPerKey, 0.0, "full bloom filter bits per key; 0 = no filter (db_bench --bloom_bits default -1 = none)", Cf, min: 0, max: 100);
    public static readonly EngineOption<string> CompressionOption = EngineOption.Choice(Compression, "none", Compressions, "block compression of every level (db_bench default snappy; comparisons run with none)", Cf);
    public static readonly EngineOption<string> CompressionPerLevelOption = EngineOption.Text(CompressionPerLevel, "", "block compression per level, L0 first, separated by ':' (e.g. none:none:lz4:lz4:lz4:zstd:zstd, TiKV's); the last applies to the levels below; empty = compression everywhere", Cf);
    public static readonly EngineOption<bool> EnableBlobFilesOption = EngineOption.Bool(EnableBlobFiles, false, "integrated BlobDB: store values >= min_blob_size in blob files", Cf);
    public static readonly EngineOption<long> MinBlobSizeOption = EngineOption.Size(MinBlobSize, 0, "smallest value stored in a blob file, bytes (db_bench: 0)", Cf, min: 0);
    public static readonly EngineOption<long> BlobFileSizeOption = EngineOption.Size(BlobFileSize, 256L << 20, "blob file size, bytes (db_bench: 256 MB)", Cf, min: 1 << 20);
    public static readonly EngineOption<string> BlobCompressionTypeOption = EngineOption.Choice(BlobCompressionType, "none", Compressions, "compression of each value in a blob file", Cf);
    public static readonly EngineOption<bool> EnableBlobGarbageCollectionOption = EngineOption.Bool(EnableBlobGarbageCollection, false, "relocate live blobs out of old blob files during compaction", Cf);
    public static readonly EngineOption<double> BlobGarbageCollectionAgeCutoffOption = EngineOption.Double(BlobGarbageCollectionAgeCutoff, 0.25, "oldest fraction of blob files eligible for GC (db_bench: 0.25)", Cf, min: 0, max: 1);
    public static readonly EngineOption<double> BlobGarbageCollectionForceThresholdOption = EngineOption.Double(BlobGarbageCollectionForceThreshold, 1.0, "garbage ratio of the eligible files that forces a compaction (1.0 = never forced; db_bench: 1.0)", Cf, min: 0, max: 1);
    public static readonly EngineOption<int> BlobFileStartingLevelOption = EngineOption.Int(BlobFileStartingLevel, 0, "lowest LSM level whose output goes to blob files", Cf, min: 0, max: 20);

    /// <summary>Every declaration, in the order `workbench engines` lists them (plain rocksdb's defaults).</summary>
    public static readonly IReadOnlyList<EngineOption> All =
    [
        MaxBackgroundJobsOption,
        BlockCacheSizeOption,
        EnablePipelinedWriteOption,
        UseDirectReadsOption,
        UseDirectIoForFlushAndCompactionOption,
        MaxOpenFilesOption,
        BytesPerSyncOption,
        WalBytesPerSyncOption,
        MaxTotalWalSizeOption,
        RateLimiterBytesPerSecOption,
        RateLimiterAutoTunedOption,
        WriteBufferSizeOption,
        MaxWriteBufferNumberOption,
        Level0FileNumCompactionTriggerOption,
        Level0SlowdownWritesTriggerOption,
        Level0StopWritesTriggerOption,
        MaxBytesForLevelBaseOption,
        MaxBytesForLevelMultiplierOption,
        TargetFileSizeBaseOption,
        NumLevelsOption,
        LevelCompactionDynamicLevelBytesOption,
        BlockSizeOption,
        BloomBitsPerKeyOption,
        CompressionOption,
        CompressionPerLevelOption,
        EnableBlobFilesOption,
        MinBlobSizeOption,
        BlobFileSizeOption,
        BlobCompressionTypeOption,
        EnableBlobGarbageCollectionOption,
        BlobGarbageCollectionAgeCutoffOption,
        BlobGarbageCollectionForceThresholdOption,
        BlobFileStartingLevelOption,
    ];

    /// <summary>The options of "rocksdb" (<paramref name="blobDefaults"/> false) or "rocksdb-blob" (blob files and blob GC on by default).</summary>
    public static IReadOnlyList<OptionSpec> Create(bool blobDefaults)
    {
        if (!blobDefaults) return EngineOption.Specs(All);
        var list = new List<EngineOption>(All.Count);
        foreach (var o in All)
            list.Add(ReferenceEquals(o, EnableBlobFilesOption) ? EnableBlobFilesOption.WithDefault(true, "")
                : ReferenceEquals(o, EnableBlobGarbageCollectionOption) ? EnableBlobGarbageCollectionOption.WithDefault(true, "")
                : o);
        return EngineOption.Specs(list);
    }
}
