using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Table;
using D = Workbench.Storage.Lsm.Options.LsmOptionDeclarations;

namespace Workbench.Storage.Lsm.Options;

/// <summary>
/// Per-column-family options (RocksDB's names and defaults). Immutable. <see cref="Extensions"/>
/// is the option bag for features built on top of the LSM (e.g. Titan's min_blob_size), and
/// <see cref="TablePropertiesCollectorFactories"/> the hook they use at flush and compaction.
/// Every option property takes its default from its declaration in <see cref="LsmOptionDeclarations"/>
/// (the only place a default lives); a record so that the declarations' bindings can set it with <c>with</c>.
/// </summary>
public sealed record ColumnFamilyOptions
{
    /// <summary>Bytes a memtable may hold before it is switched for flush (RocksDB's write_buffer_size, 64 MiB).</summary>
    public long WriteBufferSize { get; init; } = D.WriteBufferSizeOption.Default;
    /// <summary>Memtables (active plus immutable) a column family may hold before writes stop for flush (max_write_buffer_number).</summary>
    public int MaxWriteBufferNumber { get; init; } = D.MaxWriteBufferNumberOption.Default;
    /// <summary>L0 file count that triggers an L0 → L1 compaction (level0_file_num_compaction_trigger).</summary>
    public int Level0FileNumCompactionTrigger { get; init; } = D.Level0FileNumCompactionTriggerOption.Default;
    /// <summary>L0 file count at which writes are slowed to the delayed write rate (level0_slowdown_writes_trigger).</summary>
    public int Level0SlowdownWritesTrigger { get; init; } = D.Level0SlowdownWritesTriggerOption.Default;
    /// <summary>L0 file count at which writes stop until compaction catches up (level0_stop_writes_trigger).</summary>
    public int Level0StopWritesTrigger { get; init; } = D.Level0StopWritesTriggerOption.Default;
    /// <summary>Size target of L1 in bytes (max_bytes_for_level_base, 256 MiB); deeper levels multiply it.</summary>
    public long MaxBytesForLevelBase { get; init; } = D.MaxBytesForLevelBaseOption.Default;
    /// <summary>Growth factor of level size targets from one level to the next (max_bytes_for_level_multiplier).</summary>
    public double MaxBytesForLevelMultiplier { get; init; } = D.MaxBytesForLevelMultiplierOption.Default;
    /// <summary>Target size of one table file at L1 (target_file_size_base, 64 MiB); compaction outputs are cut there.</summary>
    public long TargetFileSizeBase { get; init; } = D.TargetFileSizeBaseOption.Default;
    /// <summary>Growth factor of the table file target per level below L1 (target_file_size_multiplier).</summary>
    public int TargetFileSizeMultiplier { get; init; } = D.TargetFileSizeMultiplierOption.Default;
    /// <summary>Uncompressed size (bytes) at which a data block is finished (block_size, 4 KiB).</summary>
    public int BlockSize { get; init; } = (int)D.BlockSizeOption.Default;
    /// <summary>Bloom filter bits per key of each table (10 ≈ 1 % false positives; 0 = no filter).</summary>
    public int BloomBitsPerKey { get; init; } = D.BloomBitsPerKeyOption.Default;
    /// <summary>Levels of the tree, L0 included (num_levels).</summary>
    public int NumLevels { get; init; } = D.NumLevelsOption.Default;

    /// <summary>Estimated pending compaction bytes at which writes are slowed to <see cref="LsmOptions.DelayedWriteRate"/> (RocksDB's soft_pending_compaction_bytes_limit; 0 = off).</summary>
    public long SoftPendingCompactionBytesLimit { get; init; } = D.SoftPendingCompactionBytesLimitOption.Default;

    /// <summary>Estimated pending compaction bytes at which writes stop until compaction catches up (RocksDB's hard_pending_compaction_bytes_limit; 0 = off).</summary>
    public long HardPendingCompactionBytesLimit { get; init; } = D.HardPendingCompactionBytesLimitOption.Default;

    /// <summary>Codec of every level's tables unless <see cref="CompressionPerLevel"/> is set (RocksDB's <c>compression</c>; default none, see docs/engines-lsm.md).</summary>
    public CompressionType Compression { get; init; } = D.CompressionOption.Default;

    /// <summary>Codec per level, L0 first; levels past the end take the last entry (RocksDB's <c>compression_per_level</c>). Empty = <see cref="Compression"/> everywhere.</summary>
    public IReadOnlyList<CompressionType> CompressionPerLevel { get; init; } = CompressionNames.ParsePerLevel(D.CompressionPerLevelOption.Default, D.NumLevelsOption.Default);

    /// <summary>Codec of compaction outputs at the bottommost level (RocksDB's <c>bottommost_compression</c>); null = disabled (the level's own codec).</summary>
    public CompressionType? BottommostCompression { get; init; } = D.BottommostCompressionOption.Default;

    /// <summary>Codec level (RocksDB's <c>compression_opts.level</c>); -1 = the codec's default (zstd 3, lz4 fast).</summary>
    public int CompressionLevel { get; init; } = D.CompressionLevelOption.Default;

    // ---- Level sizing (issue 21 item 3) ----

    /// <summary>
    /// RocksDB's level_compaction_dynamic_level_bytes: the largest level's size sets the targets of
    /// the levels above it, L0 compacts straight into the base level and the levels between stay
    /// empty (<see cref="Compaction.LevelTargets"/>). Off = static targets from
    /// <see cref="MaxBytesForLevelBase"/> at L1 down.
    /// </summary>
    public bool LevelCompactionDynamicLevelBytes { get; init; } = D.LevelCompactionDynamicLevelBytesOption.Default;

    // ---- Output file cutting (issue 21 item 3) ----

    /// <summary>
    /// RocksDB's level_compaction_dynamic_file_size: a compaction output at least half its target is
    /// cut where a grandparent file starts or ends (<see cref="Compaction.GrandparentCutter"/>). Off = cut only
    /// at the target size or at max_compaction_bytes of grandparent overlap.
    /// </summary>
    public bool LevelCompactionDynamicFileSize { get; init; } = D.LevelCompactionDynamicFileSizeOption.Default;

    // ---- Compaction picking (issue 21 item 3) ----

    /// <summary>RocksDB's compaction_pri: the order a level's files are tried in (<see cref="Compaction.CompactionPicker"/>); default kMinOverlappingRatio.</summary>
    public CompactionPri CompactionPri { get; init; } = D.CompactionPriOption.Default;

    /// <summary>RocksDB's max_compaction_bytes: what a picked compaction may grow to and an output's grandparent overlap; 0 = <see cref="EffectiveMaxCompactionBytes"/>'s 25 × <see cref="TargetFileSizeBase"/>.</summary>
    public long MaxCompactionBytes { get; init; } = D.MaxCompactionBytesOption.Default;

    /// <summary><see cref="MaxCompactionBytes"/>, or 25 × <see cref="TargetFileSizeBase"/> when it is 0 (RocksDB's sanitized default).</summary>
    public long EffectiveMaxCompactionBytes => MaxCompactionBytes > 0 ? MaxCompactionBytes : 25 * TargetFileSizeBase;

    /// <summary>Option bag of features built on the LSM, by option name (e.g. Titan's min_blob_size); the core engine ignores it.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    /// <summary>Factories of table properties collectors run over every table at flush and compaction (one collector per table built).</summary>
    public IReadOnlyList<Func<TableBuildContext, ITablePropertiesCollector>> TablePropertiesCollectorFactories { get; init; } = [];

    /// <summary>Size target of level <paramref name="level"/> (level &gt;= 1).</summary>
    public double MaxBytesForLevel(int level)
    {
        double bytes = MaxBytesForLevelBase;
        for (var l = 1; l < level; l++) bytes *= MaxBytesForLevelMultiplier;
        return bytes;
    }

    /// <summary>
    /// Codec of a table written into <paramref name="level"/> (RocksDB's GetCompressionType with static
    /// level sizes): the bottommost codec when set and the output is the bottommost level, else the
    /// per-level entry (the last one for deeper levels), else <see cref="Compression"/>. Flushes pass
    /// level 0 and never bottommost (RocksDB's GetCompressionFlush).
    /// </summary>
    /// <remarks>
    /// With dynamic level sizing, <paramref name="baseLevel"/> is where L0 compacts to, and the
    /// per-level list is indexed from it (level - baseLevel + 1), as RocksDB's GetCompressionType:
    /// the base level takes entry 1 whatever its number.
    /// </remarks>
    public CompressionType CompressionFor(int level, bool bottommost, int baseLevel = 1)
    {
        if (bottommost && BottommostCompression is { } b) return b;
        if (CompressionPerLevel.Count > 0) return CompressionPerLevel[Math.Min(LevelIndex(level, baseLevel), CompressionPerLevel.Count - 1)];
        return Compression;
    }

    /// <summary>Target file size of level <paramref name="level"/>: the base times the multiplier per level below L1 (with dynamic sizing counted from the base level, as RocksDB's MaxFileSizeForLevel).</summary>
    public long TargetFileSize(int level, int baseLevel = 1)
    {
        var size = TargetFileSizeBase;
        for (var l = 1; l < LevelIndex(level, baseLevel); l++) size *= TargetFileSizeMultiplier;
        return size;
    }

    private int LevelIndex(int level, int baseLevel) =>
        LevelCompactionDynamicLevelBytes && level > 0 ? Math.Max(1, level - baseLevel + 1) : level;

    /// <summary>Throws <see cref="EngineConfigException"/> naming column family <paramref name="cf"/> and the first option out of bounds.</summary>
    public void Validate(string cf)
    {
        void Require(bool ok, string what)
        {
            if (!ok) throw new EngineConfigException($"lsm column family '{cf}': {what}");
        }
        // Single-option bounds are the declarations' (the registry checked them already when the options came from a config).
        if (D.ColumnFamily.FirstOutOfBounds(this) is { } outOfBounds) Require(false, outOfBounds);
        Require(Level0SlowdownWritesTrigger >= Level0FileNumCompactionTrigger, "level0_slowdown_writes_trigger must be >= level0_file_num_compaction_trigger");
        Require(Level0StopWritesTrigger >= Level0SlowdownWritesTrigger, "level0_stop_writes_trigger must be >= level0_slowdown_writes_trigger");
        Require(CompressionPerLevel.Count <= NumLevels, $"compression_per_level lists {CompressionPerLevel.Count} codecs but num_levels is {NumLevels}");
        Require(HardPendingCompactionBytesLimit == 0 || SoftPendingCompactionBytesLimit <= HardPendingCompactionBytesLimit, "soft_pending_compaction_bytes_limit must be <= hard_pending_compaction_bytes_limit");
    }
}
