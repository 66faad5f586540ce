using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Registry;
using static Workbench.Storage.Lsm.Options.LsmOptionNames;

namespace Workbench.Storage.Lsm.Options;

/// <summary>
/// Every option of "lsm", declared once (name, type, default, scope, bounds, meaning) and bound to
/// its property of <see cref="ColumnFamilyOptions"/> or <see cref="LsmOptions"/>, whose initialisers
/// read the defaults from here. Names and defaults follow RocksDB (and our rocksdb engine). To add
/// an option: a name in <see cref="LsmOptionNames"/>, a declaration here, the property initialised
/// from its <c>Default</c>, and a binding in <see cref="ColumnFamily"/> or <see cref="Engine"/>; the
/// tests over all declarations then cover it (docs/DESIGN.md §6).
/// </summary>
internal static class LsmOptionDeclarations
{
    private const OptionScope Cf = OptionScope.ColumnFamily;

    private static readonly IReadOnlyList<(string, CompressionType)> Codecs =
        [("none", CompressionType.None), ("snappy", CompressionType.Snappy), ("lz4", CompressionType.Lz4), ("zstd", CompressionType.Zstd)];

    private static readonly IReadOnlyList<(string, CompressionType?)> BottommostCodecs =
        [("disable", null), ("none", CompressionType.None), ("snappy", CompressionType.Snappy), ("lz4", CompressionType.Lz4), ("zstd", CompressionType.Zstd)];

    // ---- per column family (ColumnFamilyOptions) ----
    public static readonly EngineOption<long> WriteBufferSizeOption = EngineOption.Size(WriteBufferSize, 64L << 20, "memtable size at which it is switched and flushed", Cf, min: 4096);
    public static readonly EngineOption<int> MaxWriteBufferNumberOption = EngineOption.Int(MaxWriteBufferNumber, 2, "memtables per column family (mutable + immutable) before writes stop", Cf, min: 2);
    public static readonly EngineOption<int> Level0FileNumCompactionTriggerOption = EngineOption.Int(Level0FileNumCompactionTrigger, 4, "L0 file count that triggers an L0 compaction", Cf, min: 1);
    public static readonly EngineOption<int> Level0SlowdownWritesTriggerOption = EngineOption.Int(Level0SlowdownWritesTrigger, 20, "L0 file count at which writes are slowed to delayed_write_rate", Cf, min: 1);
    public static readonly EngineOption<int> Level0StopWritesTriggerOption = EngineOption.Int(Level0StopWritesTrigger, 36, "L0 file count at which writes stop until compaction catches up", Cf, min: 1);
    public static readonly EngineOption<long> MaxBytesForLevelBaseOption = EngineOption.Size(MaxBytesForLevelBase, 256L << 20, "size target of L1", Cf, min: 1024);
    public static readonly EngineOption<double> MaxBytesForLevelMultiplierOption = EngineOption.Double(MaxBytesForLevelMultiplier, 10.0, "growth of the size target from one level to the next", Cf, min: 1.0001);
    public static readonly EngineOption<long> TargetFileSizeBaseOption = EngineOption.Size(TargetFileSizeBase, 64L << 20, "size at which compaction output files are cut", Cf, min: 1024);
    public static readonly EngineOption<int> TargetFileSizeMultiplierOption = EngineOption.Int(TargetFileSizeMultiplier, 1, "growth of the output file size per level", Cf, min: 1);
    public static readonly EngineOption<long> SoftPendingCompactionBytesLimitOption = EngineOption.Size(SoftPendingCompactionBytesLimit, 64L << 30, "estimated pending compaction bytes at which writes are slowed to delayed_write_rate (RocksDB's; 0 = off)", Cf, min: 0);
    public static readonly EngineOption<long> HardPendingCompactionBytesLimitOption = EngineOption.Size(HardPendingCompactionBytesLimit, 256L << 30, "estimated pending compaction bytes at which writes stop until compaction catches up (RocksDB's; 0 = off)", Cf, min: 0);
    public static readonly EngineOption<int> NumLevelsOption = EngineOption.Int(NumLevels, 7, "number of levels", Cf, min: 2, max: LsmStatistics.MaxLevels);
    public static readonly EngineOption<long> BlockSizeOption = EngineOption.Size(BlockSize, 4096, "target size of a table data block (uncompressed)", Cf, min: 256, max: 16 << 20);
    public static readonly EngineOption<int> BloomBitsPerKeyOption = EngineOption.Int(BloomBitsPerKey, 10, "bloom filter bits per key in each table (0 = no filter)", Cf, min: 0, max: 64);
    public static readonly EngineOption<CompressionType> CompressionOption = EngineOption.Choice(LsmOptionNames.Compression, CompressionType.None, Codecs,
        "codec of table data/index blocks on every level (RocksDB's compression; kept per block only when it saves >= 1/8). Default none, like our rocksdb engine, so comparisons stay uncompressed", Cf);
    public static readonly EngineOption<string> CompressionPerLevelOption = EngineOption.Text(CompressionPerLevel, "",
        "codecs per level, L0 first, ':'-separated (RocksDB's compression_per_level; deeper levels take the last), or 'tikv' = none:none:lz4:lz4:lz4:zstd:zstd with bottommost zstd (TiKV's default CFs); overrides compression", Cf);
    public static readonly EngineOption<CompressionType?> BottommostCompressionOption = EngineOption.Choice(BottommostCompression, (CompressionType?)null, BottommostCodecs,
        "codec of compaction outputs at the bottommost level (RocksDB's; disable = the level's codec)", Cf);
    public static readonly EngineOption<int> CompressionLevelOption = EngineOption.Int(CompressionLevel, -1, "codec level (RocksDB's compression_opts.level): zstd 1-22, lz4 3-12 = HC; -1 = codec default (zstd 3, lz4 fast)", Cf, min: -1, max: 22);
    public static readonly EngineOption<bool> LevelCompactionDynamicLevelBytesOption = EngineOption.Bool(LevelCompactionDynamicLevelBytes, false,
        "size levels from the bottom up: the largest level sets the targets above it, L0 compacts straight into the base level (RocksDB's; its default since 8.4 is true)", Cf);
    public static readonly EngineOption<bool> LevelCompactionDynamicFileSizeOption = EngineOption.Bool(LevelCompactionDynamicFileSize, true,
        "cut a compaction output of at least half its target where a grandparent file ends (RocksDB's level_compaction_dynamic_file_size); off = target size and max_compaction_bytes only", Cf);

    private static readonly IReadOnlyList<(string, CompactionPri)> CompactionPris =
    [
        ("kByCompensatedSize", Options.CompactionPri.ByCompensatedSize), ("kOldestLargestSeqFirst", Options.CompactionPri.OldestLargestSeqFirst),
        ("kOldestSmallestSeqFirst", Options.CompactionPri.OldestSmallestSeqFirst), ("kMinOverlappingRatio", Options.CompactionPri.MinOverlappingRatio),
        ("kRoundRobin", Options.CompactionPri.RoundRobin),
    ];
    public static readonly EngineOption<CompactionPri> CompactionPriOption = EngineOption.Choice(LsmOptionNames.CompactionPri, Options.CompactionPri.MinOverlappingRatio, CompactionPris,
        "order in which a level's files are tried for compaction into the next level (RocksDB's compaction_pri; kMinOverlappingRatio = fewest next-level bytes per byte, its default)", Cf);
    public static readonly EngineOption<long> MaxCompactionBytesOption = EngineOption.Size(MaxCompactionBytes, 0,
        "bound of one compaction's input bytes when the picker grows its start-level files, and of an output's grandparent overlap (RocksDB's max_compaction_bytes; 0 = 25 × target_file_size_base)", Cf, min: 0);

    // ---- engine-wide (LsmOptions) ----
    public static readonly EngineOption<long> BlockCacheSizeOption = EngineOption.Size(BlockCacheSize, 8L << 20, "LRU block cache capacity shared by all tables", min: 0);
    public static readonly EngineOption<int> MaxBackgroundJobsOption = EngineOption.Int(MaxBackgroundJobs, 2, "background threads for flushes and compactions", min: 1, max: 64);
    public static readonly EngineOption<long> DelayedWriteRateOption = EngineOption.Size(DelayedWriteRate, 16L << 20, "write rate (bytes/s) while writes are slowed down (RocksDB's delayed_write_rate)", min: 1024);
    public static readonly EngineOption<bool> SyncAllWritesOption = EngineOption.Bool(SyncAllWrites, false, "sync the WAL on every write even when WriteOptions.Sync is false");
    public static readonly EngineOption<int> MaxBackgroundCompactionsOption = EngineOption.Int(MaxBackgroundCompactions, 0, "compactions that may run at once (RocksDB's); 0 = max_background_jobs × 3/4, at least 1", min: 0, max: 64);
    public static readonly EngineOption<long> CompactionReadaheadSizeOption = EngineOption.Size(CompactionReadaheadSize, 2L << 20, "bytes read at a time from each compaction input table (RocksDB's compaction_readahead_size)", min: 4096, max: 256L << 20);
    public static readonly EngineOption<bool> AllowConcurrentMemtableWriteOption = EngineOption.Bool(AllowConcurrentMemtableWrite, true,
        "writers insert their own batches into the memtable in parallel after the group's WAL write, which overlaps the next group's WAL write (RocksDB's allow_concurrent_memtable_write with enable_pipelined_write); off = the group leader inserts all");
    public static readonly EngineOption<bool> PoolBlockBuffersOption = EngineOption.Bool(PoolBlockBuffers, true,
        "data blocks read from tables take their arrays from a pool that evicted blocks return to, so a block-cache miss allocates no block array (fewer GC pauses on the read path); off = a new array per block read");
    public static readonly EngineOption<bool> UseDirectReadsOption = EngineOption.Bool(UseDirectReads, false,
        "read table files (and titan's blob files) with O_DIRECT, bypassing the page cache, so block-cache misses are device reads (RocksDB's use_direct_reads; compaction inputs too, as they share the table readers); flush and compaction writes stay buffered. Where O_DIRECT is refused, reads are buffered and it is said once on stderr");

    /// <summary>
    /// The per-CF options bound to <see cref="ColumnFamilyOptions"/>. num_levels comes before
    /// compression_per_level, whose setter reads it.
    /// </summary>
    public static readonly OptionSet<ColumnFamilyOptions> ColumnFamily = new(
    [
        WriteBufferSizeOption.Bind<ColumnFamilyOptions>(o => o.WriteBufferSize, (o, v) => o with { WriteBufferSize = v }),
        MaxWriteBufferNumberOption.Bind<ColumnFamilyOptions>(o => o.MaxWriteBufferNumber, (o, v) => o with { MaxWriteBufferNumber = v }),
        Level0FileNumCompactionTriggerOption.Bind<ColumnFamilyOptions>(o => o.Level0FileNumCompactionTrigger, (o, v) => o with { Level0FileNumCompactionTrigger = v }),
        Level0SlowdownWritesTriggerOption.Bind<ColumnFamilyOptions>(o => o.Level0SlowdownWritesTrigger, (o, v) => o with { Level0SlowdownWritesTrigger = v }),
        Level0StopWritesTriggerOption.Bind<ColumnFamilyOptions>(o => o.Level0StopWritesTrigger, (o, v) => o with { Level0StopWritesTrigger = v }),
        MaxBytesForLevelBaseOption.Bind<ColumnFamilyOptions>(o => o.MaxBytesForLevelBase, (o, v) => o with { MaxBytesForLevelBase = v }),
        MaxBytesForLevelMultiplierOption.Bind<ColumnFamilyOptions>(o => o.MaxBytesForLevelMultiplier, (o, v) => o with { MaxBytesForLevelMultiplier = v }),
        TargetFileSizeBaseOption.Bind<ColumnFamilyOptions>(o => o.TargetFileSizeBase, (o, v) => o with { TargetFileSizeBase = v }),
        TargetFileSizeMultiplierOption.Bind<ColumnFamilyOptions>(o => o.TargetFileSizeMultiplier, (o, v) => o with { TargetFileSizeMultiplier = v }),
        SoftPendingCompactionBytesLimitOption.Bind<ColumnFamilyOptions>(o => o.SoftPendingCompactionBytesLimit, (o, v) => o with { SoftPendingCompactionBytesLimit = v }),
        HardPendingCompactionBytesLimitOption.Bind<ColumnFamilyOptions>(o => o.HardPendingCompactionBytesLimit, (o, v) => o with { HardPendingCompactionBytesLimit = v }),
        NumLevelsOption.Bind<ColumnFamilyOptions>(o => o.NumLevels, (o, v) => o with { NumLevels = v }),
        BlockSizeOption.Bind<ColumnFamilyOptions>(o => o.BlockSize, (o, v) => o with { BlockSize = (int)v }),
        BloomBitsPerKeyOption.Bind<ColumnFamilyOptions>(o => o.BloomBitsPerKey, (o, v) => o with { BloomBitsPerKey = v }),
        CompressionOption.Bind<ColumnFamilyOptions>(o => o.Compression, (o, v) => o with { Compression = v }),
        CompressionPerLevelOption.Bind<ColumnFamilyOptions>(o => CompressionNames.FormatPerLevel(o.CompressionPerLevel),
            (o, v) => o with { CompressionPerLevel = CompressionNames.ParsePerLevel(v, o.NumLevels) }),
        BottommostCompressionOption.Bind<ColumnFamilyOptions>(o => o.BottommostCompression, (o, v) => o with { BottommostCompression = v }),
        CompressionLevelOption.Bind<ColumnFamilyOptions>(o => o.CompressionLevel, (o, v) => o with { CompressionLevel = v }),
        LevelCompactionDynamicLevelBytesOption.Bind<ColumnFamilyOptions>(o => o.LevelCompactionDynamicLevelBytes, (o, v) => o with { LevelCompactionDynamicLevelBytes = v }),
        LevelCompactionDynamicFileSizeOption.Bind<ColumnFamilyOptions>(o => o.LevelCompactionDynamicFileSize, (o, v) => o with { LevelCompactionDynamicFileSize = v }),
        CompactionPriOption.Bind<ColumnFamilyOptions>(o => o.CompactionPri, (o, v) => o with { CompactionPri = v }),
        MaxCompactionBytesOption.Bind<ColumnFamilyOptions>(o => o.MaxCompactionBytes, (o, v) => o with { MaxCompactionBytes = v }),
    ]);

    /// <summary>The engine-wide options bound to <see cref="LsmOptions"/>.</summary>
    public static readonly OptionSet<LsmOptions> Engine = new(
    [
        BlockCacheSizeOption.Bind<LsmOptions>(o => o.BlockCacheSize, (o, v) => o with { BlockCacheSize = v }),
        MaxBackgroundJobsOption.Bind<LsmOptions>(o => o.MaxBackgroundJobs, (o, v) => o with { MaxBackgroundJobs = v }),
        DelayedWriteRateOption.Bind<LsmOptions>(o => o.DelayedWriteRate, (o, v) => o with { DelayedWriteRate = v }),
        SyncAllWritesOption.Bind<LsmOptions>(o => o.SyncAllWrites, (o, v) => o with { SyncAllWrites = v }),
        MaxBackgroundCompactionsOption.Bind<LsmOptions>(o => o.MaxBackgroundCompactions, (o, v) => o with { MaxBackgroundCompactions = v }),
        CompactionReadaheadSizeOption.Bind<LsmOptions>(o => o.CompactionReadaheadSize, (o, v) => o with { CompactionReadaheadSize = (int)v }),
        AllowConcurrentMemtableWriteOption.Bind<LsmOptions>(o => o.AllowConcurrentMemtableWrite, (o, v) => o with { AllowConcurrentMemtableWrite = v }),
        PoolBlockBuffersOption.Bind<LsmOptions>(o => o.PoolBlockBuffers, (o, v) => o with { PoolBlockBuffers = v }),
        UseDirectReadsOption.Bind<LsmOptions>(o => o.UseDirectReads, (o, v) => o with { UseDirectReads = v }),
    ]);

    /// <summary>What "lsm" lists (`workbench engines`): the per-CF options of <paramref name="columnFamily"/>, then the engine-wide ones.</summary>
    public static IReadOnlyList<OptionSpec> Specs(OptionSet<ColumnFamilyOptions> columnFamily) =>
        EngineOption.Specs([.. columnFamily.Options, .. Engine.Options]);
}
