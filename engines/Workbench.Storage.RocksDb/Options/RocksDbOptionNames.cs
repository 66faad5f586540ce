namespace Workbench.Storage.RocksDb.Options;

/// <summary>Option names as RocksDB spells them (db_bench flag names where RocksDB has no option of its own).</summary>
internal static class RocksDbOptionNames
{
    // DB-wide
    public const string MaxBackgroundJobs = "max_background_jobs";
    public const string BlockCacheSize = "block_cache_size";
    public const string EnablePipelinedWrite = "enable_pipelined_write";
    public const string UseDirectReads = "use_direct_reads";
    public const string UseDirectIoForFlushAndCompaction = "use_direct_io_for_flush_and_compaction";
    public const string MaxOpenFiles = "max_open_files";
    public const string BytesPerSync = "bytes_per_sync";
    public const string WalBytesPerSync = "wal_bytes_per_sync";
    public const string MaxTotalWalSize = "max_total_wal_size";
    public const string RateLimiterBytesPerSec = "rate_limiter_bytes_per_sec"; // db_bench's flag
    public const string RateLimiterAutoTuned = "rate_limiter_auto_tuned"; // db_bench's flag

    // per column family
    public const string WriteBufferSize = "write_buffer_size";
    public const string MaxWriteBufferNumber = "max_write_buffer_number";
    public const string Level0FileNumCompactionTrigger = "level0_file_num_compaction_trigger";
    public const string Level0SlowdownWritesTrigger = "level0_slowdown_writes_trigger";
    public const string Level0StopWritesTrigger = "level0_stop_writes_trigger";
    public const string MaxBytesForLevelBase = "max_bytes_for_level_base";
    public const string MaxBytesForLevelMultiplier = "max_bytes_for_level_multiplier";
    public const string TargetFileSizeBase = "target_file_size_base";
    public const string NumLevels = "num_levels";
    public const string LevelCompactionDynamicLevelBytes = "level_compaction_dynamic_level_bytes";
    public const string BlockSize = "block_size";
    public const string BloomBitsPerKey = "bloom_bits_per_key";
    public const string Compression = "compression";
    public const string CompressionPerLevel = "compression_per_level";

    // per column family, integrated BlobDB
    public const string EnableBlobFiles = "enable_blob_files";
    public const string MinBlobSize = "min_blob_size";
    public const string BlobFileSize = "blob_file_size";
    public const string BlobCompressionType = "blob_compression_type";
    public const string EnableBlobGarbageCollection = "enable_blob_garbage_collection";
    public const string BlobGarbageCollectionAgeCutoff = "blob_garbage_collection_age_cutoff";
    public const string BlobGarbageCollectionForceThreshold = "blob_garbage_collection_force_threshold";
    public const string BlobFileStartingLevel = "blob_file_starting_level";
}
