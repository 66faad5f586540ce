using Workbench.Storage.RocksDb.Native;
using static Workbench.Storage.RocksDb.Options.RocksDbOptionNames;

namespace Workbench.Storage.RocksDb.Options;

/// <summary>
/// Builds librocksdb option objects from validated registry options. Settings the registry does not
/// expose are pinned to db_bench's values (checksum XXH3, table format 5) so both run the same
/// table format. Stateless.
/// </summary>
internal static class RocksDbOptionsBuilder
{
    private const byte ChecksumXxh3 = 4; // rocksdb::ChecksumType::kXXH3, db_bench's --checksum_type default
    private const int FormatVersion = 5; // db_bench's --format_version default

    /// <summary>Checks relations between options that the per-option ranges cannot express.</summary>
    public static void Validate(EngineOptions o, string context)
    {
        var trigger = o.GetInt(Level0FileNumCompactionTrigger);
        var slowdown = o.GetInt(Level0SlowdownWritesTrigger);
        var stop = o.GetInt(Level0StopWritesTrigger);
        if (slowdown > stop)
            throw new EngineConfigException($"{context}{Level0SlowdownWritesTrigger} ({slowdown}) must not exceed {Level0StopWritesTrigger} ({stop})");
        if (trigger > slowdown)
            throw new EngineConfigException($"{context}{Level0FileNumCompactionTrigger} ({trigger}) must not exceed {Level0SlowdownWritesTrigger} ({slowdown})");
    }

    /// <summary>DB-wide options (also used as the options of column families opened but not declared).</summary>
    public static OptionsHandle CreateDbOptions(EngineOptions o, CacheHandle? cache)
    {
        var h = CreateColumnFamilyOptions(o, cache);
        try
        {
            RocksDbNative.rocksdb_options_set_create_if_missing(h, 1);
            RocksDbNative.rocksdb_options_set_create_missing_column_families(h, 1);
            RocksDbNative.rocksdb_options_enable_statistics(h);
            RocksDbNative.rocksdb_options_set_max_background_jobs(h, o.GetInt(MaxBackgroundJobs));
            RocksDbNative.rocksdb_options_set_enable_pipelined_write(h, B(o.GetBool(EnablePipelinedWrite)));
            RocksDbNative.rocksdb_options_set_use_direct_reads(h, B(o.GetBool(UseDirectReads)));
            RocksDbNative.rocksdb_options_set_use_direct_io_for_flush_and_compaction(h, B(o.GetBool(UseDirectIoForFlushAndCompaction)));
            RocksDbNative.rocksdb_options_set_max_open_files(h, o.GetInt(MaxOpenFiles));
            RocksDbNative.rocksdb_options_set_bytes_per_sync(h, (ulong)o.GetLong(BytesPerSync));
            RocksDbNative.rocksdb_options_set_wal_bytes_per_sync(h, (ulong)o.GetLong(WalBytesPerSync));
            RocksDbNative.rocksdb_options_set_max_total_wal_size(h, (ulong)o.GetLong(MaxTotalWalSize));
            return h;
        }
        catch
        {
            h.Dispose();
            throw;
        }
    }

    /// <summary>Options of one column family (memtable, levels, table format, compression, BlobDB).</summary>
    public static OptionsHandle CreateColumnFamilyOptions(EngineOptions o, CacheHandle? cache)
    {
        var h = RocksDbHandle.Wrap<OptionsHandle>(RocksDbNative.rocksdb_options_create());
        try
        {
            RocksDbNative.rocksdb_options_set_write_buffer_size(h, (nuint)o.GetLong(WriteBufferSize));
            RocksDbNative.rocksdb_options_set_max_write_buffer_number(h, o.GetInt(MaxWriteBufferNumber));
            RocksDbNative.rocksdb_options_set_level0_file_num_compaction_trigger(h, o.GetInt(Level0FileNumCompactionTrigger));
            RocksDbNative.rocksdb_options_set_level0_slowdown_writes_trigger(h, o.GetInt(Level0SlowdownWritesTrigger));
            RocksDbNative.rocksdb_options_set_level0_stop_writes_trigger(h, o.GetInt(Level0StopWritesTrigger));
            RocksDbNative.rocksdb_options_set_max_bytes_for_level_base(h, (ulong)o.GetLong(MaxBytesForLevelBase));
            RocksDbNative.rocksdb_options_set_max_bytes_for_level_multiplier(h, o.GetDouble(MaxBytesForLevelMultiplier));
            RocksDbNative.rocksdb_options_set_target_file_size_base(h, (ulong)o.GetLong(TargetFileSizeBase));
            RocksDbNative.rocksdb_options_set_num_levels(h, o.GetInt(NumLevels));
            RocksDbNative.rocksdb_options_set_level_compaction_dynamic_level_bytes(h, B(o.GetBool(LevelCompactionDynamicLevelBytes)));
            RocksDbNative.rocksdb_options_set_compression(h, CompressionCode(o.GetString(Compression)));

            RocksDbNative.rocksdb_options_set_enable_blob_files(h, B(o.GetBool(EnableBlobFiles)));
            RocksDbNative.rocksdb_options_set_min_blob_size(h, (ulong)o.GetLong(MinBlobSize));
            RocksDbNative.rocksdb_options_set_blob_file_size(h, (ulong)o.GetLong(BlobFileSize));
            RocksDbNative.rocksdb_options_set_enable_blob_gc(h, B(o.GetBool(EnableBlobGarbageCollection)));
            RocksDbNative.rocksdb_options_set_blob_gc_age_cutoff(h, o.GetDouble(BlobGarbageCollectionAgeCutoff));
            RocksDbNative.rocksdb_options_set_blob_gc_force_threshold(h, o.GetDouble(BlobGarbageCollectionForceThreshold));
            RocksDbNative.rocksdb_options_set_blob_file_starting_level(h, o.GetInt(BlobFileStartingLevel));

            // The factory copies the table options (and the cache's shared pointer), so they are freed here.
            using var table = RocksDbHandle.Wrap<BlockBasedOptionsHandle>(RocksDbNative.rocksdb_block_based_options_create());
            RocksDbNative.rocksdb_block_based_options_set_block_size(table, (nuint)o.GetLong(BlockSize));
            RocksDbNative.rocksdb_block_based_options_set_checksum(table, ChecksumXxh3);
            RocksDbNative.rocksdb_block_based_options_set_format_version(table, FormatVersion);
            if (cache is null) RocksDbNative.rocksdb_block_based_options_set_no_block_cache(table, 1);
            else RocksDbNative.rocksdb_block_based_options_set_block_cache(table, cache);
            var bloom = o.GetDouble(BloomBitsPerKey);
            if (bloom > 0) RocksDbNative.rocksdb_block_based_options_set_filter_policy(table, RocksDbNative.rocksdb_filterpolicy_create_bloom_full(bloom));
            RocksDbNative.rocksdb_options_set_block_based_table_factory(h, table);
            return h;
        }
        catch
        {
            h.Dispose();
            throw;
        }
    }

    /// <summary>The LRU block cache shared by all column families, or null when <c>block_cache_size</c> is 0.</summary>
    public static CacheHandle? CreateBlockCache(EngineOptions o)
    {
        var size = o.GetLong(BlockCacheSize);
        return size == 0 ? null : RocksDbHandle.Wrap<CacheHandle>(RocksDbNative.rocksdb_cache_create_lru((nuint)size));
    }

    /// <summary>The C API's compression code of a <c>compression</c> choice.</summary>
    public static int CompressionCode(string name) => name switch
    {
        "none" => 0,
        "snappy" => 1,
        "lz4" => 4,
        "zstd" => 7,
        _ => throw new EngineConfigException($"option '{Compression}' = '{name}' is not one of {string.Join(", ", RocksDbOptionSpecs.Compressions)}"),
    };

    private static byte B(bool value) => value ? (byte)1 : (byte)0;
}
