namespace Workbench.Storage.Lsm;

/// <summary>
/// Per-column-family options (RocksDB's names and defaults). Immutable. <see cref="Extensions"/>
/// is the option bag for features built on top of the LSM (e.g. Titan's min_blob_size), and
/// <see cref="TablePropertiesCollectorFactories"/> the hook they use at flush and compaction.
/// </summary>
public sealed class ColumnFamilyOptions
{
    public long WriteBufferSize { get; init; } = 64L << 20;
    public int MaxWriteBufferNumber { get; init; } = 2;
    public int Level0FileNumCompactionTrigger { get; init; } = 4;
    public int Level0SlowdownWritesTrigger { get; init; } = 20;
    public int Level0StopWritesTrigger { get; init; } = 36;
    public long MaxBytesForLevelBase { get; init; } = 256L << 20;
    public double MaxBytesForLevelMultiplier { get; init; } = 10;
    public long TargetFileSizeBase { get; init; } = 64L << 20;
    public int TargetFileSizeMultiplier { get; init; } = 1;
    public int BlockSize { get; init; } = 4096;
    public int BloomBitsPerKey { get; init; } = 10;
    public int NumLevels { get; init; } = 7;

    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public IReadOnlyList<Func<TableBuildContext, ITablePropertiesCollector>> TablePropertiesCollectorFactories { get; init; } = [];

    /// <summary>Size target of level <paramref name="level"/> (level &gt;= 1).</summary>
    public double MaxBytesForLevel(int level)
    {
        double bytes = MaxBytesForLevelBase;
        for (var l = 1; l < level; l++) bytes *= MaxBytesForLevelMultiplier;
        return bytes;
    }

    public long TargetFileSize(int level)
    {
        var size = TargetFileSizeBase;
        for (var l = 1; l < level; l++) size *= TargetFileSizeMultiplier;
        return size;
    }

    public void Validate(string cf)
    {
        void Require(bool ok, string what)
        {
            if (!ok) throw new EngineConfigException($"lsm column family '{cf}': {what}");
        }
        Require(WriteBufferSize >= 4096, "write_buffer_size must be at least 4096");
        Require(MaxWriteBufferNumber >= 2, "max_write_buffer_number must be at least 2");
        Require(Level0FileNumCompactionTrigger >= 1, "level0_file_num_compaction_trigger must be at least 1");
        Require(Level0SlowdownWritesTrigger >= Level0FileNumCompactionTrigger, "level0_slowdown_writes_trigger must be >= level0_file_num_compaction_trigger");
        Require(Level0StopWritesTrigger >= Level0SlowdownWritesTrigger, "level0_stop_writes_trigger must be >= level0_slowdown_writes_trigger");
        Require(MaxBytesForLevelBase >= 1024, "max_bytes_for_level_base must be at least 1024");
        Require(MaxBytesForLevelMultiplier > 1, "max_bytes_for_level_multiplier must be > 1");
        Require(TargetFileSizeBase >= 1024, "target_file_size_base must be at least 1024");
        Require(BlockSize is >= 256 and <= 16 << 20, "block_size must be in [256, 16MiB]");
        Require(BloomBitsPerKey is >= 0 and <= 64, "bloom_bits_per_key must be in [0, 64]");
        Require(NumLevels is >= 2 and <= LsmStatistics.MaxLevels, $"num_levels must be in [2, {LsmStatistics.MaxLevels}]");
    }
}
