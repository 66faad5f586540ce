namespace Workbench.Storage.Lsm.Options;

/// <summary>Option names of "lsm" (and "titan", which has them all), as RocksDB spells them; declared in <see cref="LsmOptionDeclarations"/>.</summary>
public static class LsmOptionNames
{
    // ---- per column family ----
    /// <summary>RocksDB's write_buffer_size.</summary>
    public const string WriteBufferSize = "write_buffer_size";
    /// <summary>RocksDB's max_write_buffer_number.</summary>
    public const string MaxWriteBufferNumber = "max_write_buffer_number";
    /// <summary>RocksDB's level0_file_num_compaction_trigger.</summary>
    public const string Level0FileNumCompactionTrigger = "level0_file_num_compaction_trigger";
    /// <summary>RocksDB's level0_slowdown_writes_trigger.</summary>
    public const string Level0SlowdownWritesTrigger = "level0_slowdown_writes_trigger";
    /// <summary>RocksDB's level0_stop_writes_trigger.</summary>
    public const string Level0StopWritesTrigger = "level0_stop_writes_trigger";
    /// <summary>RocksDB's max_bytes_for_level_base.</summary>
    public const string MaxBytesForLevelBase = "max_bytes_for_level_base";
    /// <summary>RocksDB's max_bytes_for_level_multiplier.</summary>
    public const string MaxBytesForLevelMultiplier = "max_bytes_for_level_multiplier";
    /// <summary>RocksDB's target_file_size_base.</summary>
    public const string TargetFileSizeBase = "target_file_size_base";
    /// <summary>RocksDB's target_file_size_multiplier.</summary>
    public const string TargetFileSizeMultiplier = "target_file_size_multiplier";
    /// <summary>RocksDB's soft_pending_compaction_bytes_limit.</summary>
    public const string SoftPendingCompactionBytesLimit = "soft_pending_compaction_bytes_limit";
    /// <summary>RocksDB's hard_pending_compaction_bytes_limit.</summary>
    public const string HardPendingCompactionBytesLimit = "hard_pending_compaction_bytes_limit";
    /// <summary>RocksDB's num_levels.</summary>
    public const string NumLevels = "num_levels";
    /// <summary>RocksDB's block_size (block-based table option).</summary>
    public const string BlockSize = "block_size";
    /// <summary>Bloom filter bits per key (db_bench's --bloom_bits).</summary>
    public const string BloomBitsPerKey = "bloom_bits_per_key";
    /// <summary>RocksDB's compression.</summary>
    public const string Compression = "compression";
    /// <summary>RocksDB's compression_per_level.</summary>
    public const string CompressionPerLevel = "compression_per_level";
    /// <summary>RocksDB's bottommost_compression.</summary>
    public const string BottommostCompression = "bottommost_compression";
    /// <summary>RocksDB's compression_opts.level.</summary>
    public const string CompressionLevel = "compression_level";
    /// <summary>RocksDB's level_compaction_dynamic_level_bytes.</summary>
    public const string LevelCompactionDynamicLevelBytes = "level_compaction_dynamic_level_bytes";
    /// <summary>RocksDB's level_compaction_dynamic_file_size.</summary>
    public const string LevelCompactionDynamicFileSize = "level_compaction_dynamic_file_size";
    /// <summary>RocksDB's compaction_pri.</summary>
    public const string CompactionPri = "compaction_pri";
    /// <summary>RocksDB's max_compaction_bytes.</summary>
    public const string MaxCompactionBytes = "max_compaction_bytes";

    // ---- engine-wide ----
    /// <summary>Block cache capacity (db_bench's --cache_size).</summary>
    public const string BlockCacheSize = "block_cache_size";
    /// <summary>RocksDB's max_background_jobs.</summary>
    public const string MaxBackgroundJobs = "max_background_jobs";
    /// <summary>RocksDB's delayed_write_rate.</summary>
    public const string DelayedWriteRate = "delayed_write_rate";
    /// <summary>Ours: sync the WAL on every write.</summary>
    public const string SyncAllWrites = "sync_all_writes";
    /// <summary>RocksDB's max_background_compactions.</summary>
    public const string MaxBackgroundCompactions = "max_background_compactions";
    /// <summary>RocksDB's compaction_readahead_size.</summary>
    public const string CompactionReadaheadSize = "compaction_readahead_size";
    /// <summary>RocksDB's allow_concurrent_memtable_write (with enable_pipelined_write).</summary>
    public const string AllowConcurrentMemtableWrite = "allow_concurrent_memtable_write";
    /// <summary>Data block arrays recycled through a pool behind the block cache (ours; RocksDB's blocks are malloc'd).</summary>
    public const string PoolBlockBuffers = "pool_block_buffers";
    /// <summary>RocksDB's use_direct_reads.</summary>
    public const string UseDirectReads = "use_direct_reads";
}
