using RocksDbSharp;
using Workbench.Storage.Errors;
using Workbench.Storage.Registry;
using static Workbench.Storage.RocksDb.Options.RocksDbOptionNames;
using RocksCompression = RocksDbSharp.Compression;

namespace Workbench.Storage.RocksDb.Options;

/// <summary>
/// Builds RocksDB option objects from validated registry options, through the package's managed
/// option setters where it has them and its <see cref="Native"/> functions where it has none (BlobDB,
/// pipelined write, background jobs, rate limiter, checksum). Settings the registry does not expose
/// are pinned to db_bench 7.8's values (checksum XXH3, table format 5) so both write the same table
/// format. The managed option objects free their native part in a finalizer; RocksDB copies every
/// option at open, so only the DB options (which own the statistics object) must outlive the open.
/// Stateless.
/// </summary>
internal static class RocksDbOptionsBuilder
{
    private const char ChecksumXxh3 = (char)4; // rocksdb::ChecksumType::kXXH3, db_bench's --checksum_type default
    private const int FormatVersion = 5; // db_bench 7.8's --format_version default
    private const long RateLimiterRefillPeriodMicros = 100_000; // RocksDB's and db_bench's default
    private const int RateLimiterFairness = 10; // RocksDB's default

    /// <summary>Checks relations between column-family options that the per-option ranges cannot express.</summary>
    public static void Validate(EngineOptions o, string context)
    {
        var trigger = RocksDbOptionSpecs.Level0FileNumCompactionTriggerOption.Get(o);
        var slowdown = RocksDbOptionSpecs.Level0SlowdownWritesTriggerOption.Get(o);
        var stop = RocksDbOptionSpecs.Level0StopWritesTriggerOption.Get(o);
        if (slowdown > stop)
            throw new EngineConfigException($"{context}{Level0SlowdownWritesTrigger} ({slowdown}) must not exceed {Level0StopWritesTrigger} ({stop})");
        if (trigger > slowdown)
            throw new EngineConfigException($"{context}{Level0FileNumCompactionTrigger} ({trigger}) must not exceed {Level0SlowdownWritesTrigger} ({slowdown})");
        var perLevel = ParseCompressionPerLevel(RocksDbOptionSpecs.CompressionPerLevelOption.Get(o), context);
        var levels = RocksDbOptionSpecs.NumLevelsOption.Get(o);
        if (perLevel is not null && perLevel.Length > levels)
            throw new EngineConfigException($"{context}{CompressionPerLevel} names {perLevel.Length} levels but {NumLevels} is {levels}");
    }

    /// <summary>Checks relations between DB-wide options (the engine's own options only; a column family's have none).</summary>
    public static void ValidateDbWide(EngineOptions o, string context)
    {
        if (RocksDbOptionSpecs.RateLimiterAutoTunedOption.Get(o) && RocksDbOptionSpecs.RateLimiterBytesPerSecOption.Get(o) == 0)
            throw new EngineConfigException($"{context}{RateLimiterAutoTuned} needs a {RateLimiterBytesPerSec} (the upper bound it tunes under)");
    }

    /// <summary>DB-wide options plus the column-family options of <paramref name="o"/> (also used for column families opened but not declared).</summary>
    public static DbOptions CreateDbOptions(EngineOptions o, Cache? cache)
    {
        var h = new DbOptions();
        ApplyColumnFamilyOptions(h, o, cache);
        h.SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .EnableStatistics()
            .SetUseDirectReads(RocksDbOptionSpecs.UseDirectReadsOption.Get(o))
            .SetUseDirectIoForFlushAndCompaction(RocksDbOptionSpecs.UseDirectIoForFlushAndCompactionOption.Get(o))
            .SetMaxOpenFiles(RocksDbOptionSpecs.MaxOpenFilesOption.Get(o))
            .SetBytesPerSync((ulong)RocksDbOptionSpecs.BytesPerSyncOption.Get(o))
            .SetMaxTotalWalSize((ulong)RocksDbOptionSpecs.MaxTotalWalSizeOption.Get(o));
        var n = Native.Instance;
        n.rocksdb_options_set_max_background_jobs(h.Handle, RocksDbOptionSpecs.MaxBackgroundJobsOption.Get(o));
        n.rocksdb_options_set_enable_pipelined_write(h.Handle, B(RocksDbOptionSpecs.EnablePipelinedWriteOption.Get(o)));
        n.rocksdb_options_set_wal_bytes_per_sync(h.Handle, (ulong)RocksDbOptionSpecs.WalBytesPerSyncOption.Get(o));
        var rate = RocksDbOptionSpecs.RateLimiterBytesPerSecOption.Get(o);
        if (rate > 0)
        {
            // The options keep their own shared reference to the limiter, so the C wrapper is freed at once.
            var limiter = RocksDbOptionSpecs.RateLimiterAutoTunedOption.Get(o)
                ? n.rocksdb_ratelimiter_create_auto_tuned(rate, RateLimiterRefillPeriodMicros, RateLimiterFairness)
                : n.rocksdb_ratelimiter_create(rate, RateLimiterRefillPeriodMicros, RateLimiterFairness);
            n.rocksdb_options_set_ratelimiter(h.Handle, limiter);
            n.rocksdb_ratelimiter_destroy(limiter);
        }
        return h;
    }

    /// <summary>Options of one column family (memtable, levels, table format, compression, BlobDB).</summary>
    public static ColumnFamilyOptions CreateColumnFamilyOptions(EngineOptions o, Cache? cache)
    {
        var h = new ColumnFamilyOptions();
        ApplyColumnFamilyOptions(h, o, cache);
        return h;
    }

    private static void ApplyColumnFamilyOptions<T>(Options<T> h, EngineOptions o, Cache? cache) where T : Options<T>
    {
        h.SetWriteBufferSize((ulong)RocksDbOptionSpecs.WriteBufferSizeOption.Get(o))
            .SetMaxWriteBufferNumber(RocksDbOptionSpecs.MaxWriteBufferNumberOption.Get(o))
            .SetLevel0FileNumCompactionTrigger(RocksDbOptionSpecs.Level0FileNumCompactionTriggerOption.Get(o))
            .SetLevel0SlowdownWritesTrigger(RocksDbOptionSpecs.Level0SlowdownWritesTriggerOption.Get(o))
            .SetLevel0StopWritesTrigger(RocksDbOptionSpecs.Level0StopWritesTriggerOption.Get(o))
            .SetMaxBytesForLevelBase((ulong)RocksDbOptionSpecs.MaxBytesForLevelBaseOption.Get(o))
            .SetMaxBytesForLevelMultiplier(RocksDbOptionSpecs.MaxBytesForLevelMultiplierOption.Get(o))
            .SetTargetFileSizeBase((ulong)RocksDbOptionSpecs.TargetFileSizeBaseOption.Get(o))
            .SetNumLevels(RocksDbOptionSpecs.NumLevelsOption.Get(o))
            .SetLevelCompactionDynamicLevelBytes(RocksDbOptionSpecs.LevelCompactionDynamicLevelBytesOption.Get(o))
            .SetCompression(CompressionOf(RocksDbOptionSpecs.CompressionOption.Get(o)));
        if (ParseCompressionPerLevel(RocksDbOptionSpecs.CompressionPerLevelOption.Get(o), "") is { } perLevel)
        {
            // RocksDB uses the last entry for the levels below the list, so a short list is complete.
            var levels = new RocksCompression[RocksDbOptionSpecs.NumLevelsOption.Get(o)];
            for (var i = 0; i < levels.Length; i++) levels[i] = perLevel[Math.Min(i, perLevel.Length - 1)];
            h.SetCompressionPerLevel(levels, (ulong)levels.Length);
        }

        var n = Native.Instance;
        n.rocksdb_options_set_enable_blob_files(h.Handle, B(RocksDbOptionSpecs.EnableBlobFilesOption.Get(o)));
        n.rocksdb_options_set_min_blob_size(h.Handle, (ulong)RocksDbOptionSpecs.MinBlobSizeOption.Get(o));
        n.rocksdb_options_set_blob_file_size(h.Handle, (ulong)RocksDbOptionSpecs.BlobFileSizeOption.Get(o));
        n.rocksdb_options_set_blob_compression_type(h.Handle, (int)CompressionOf(RocksDbOptionSpecs.BlobCompressionTypeOption.Get(o)));
        n.rocksdb_options_set_enable_blob_gc(h.Handle, B(RocksDbOptionSpecs.EnableBlobGarbageCollectionOption.Get(o)));
        n.rocksdb_options_set_blob_gc_age_cutoff(h.Handle, RocksDbOptionSpecs.BlobGarbageCollectionAgeCutoffOption.Get(o));
        n.rocksdb_options_set_blob_gc_force_threshold(h.Handle, RocksDbOptionSpecs.BlobGarbageCollectionForceThresholdOption.Get(o));
        n.rocksdb_options_set_blob_file_starting_level(h.Handle, RocksDbOptionSpecs.BlobFileStartingLevelOption.Get(o));

        // The factory copies the table options (and the cache's shared pointer).
        var table = new BlockBasedTableOptions()
            .SetBlockSize((ulong)RocksDbOptionSpecs.BlockSizeOption.Get(o))
            .SetFormatVersion(FormatVersion);
        n.rocksdb_block_based_options_set_checksum(table.Handle, ChecksumXxh3);
        if (cache is null) table.SetNoBlockCache(true);
        else table.SetBlockCache(cache);
        var bloom = RocksDbOptionSpecs.BloomBitsPerKeyOption.Get(o);
        if (bloom > 0) table.SetFilterPolicy(n.rocksdb_filterpolicy_create_bloom_full(bloom)); // owned by the table options
        h.SetBlockBasedTableFactory(table);
    }

    /// <summary>The LRU block cache shared by all column families, or null when <c>block_cache_size</c> is 0.</summary>
    public static Cache? CreateBlockCache(EngineOptions o)
    {
        var size = RocksDbOptionSpecs.BlockCacheSizeOption.Get(o);
        return size == 0 ? null : Cache.CreateLru((ulong)size);
    }

    /// <summary>RocksDB's compression type of a <c>compression</c> choice (its C API codes).</summary>
    public static RocksCompression CompressionOf(string name) => name.ToLowerInvariant() switch
    {
        "none" => RocksCompression.No,
        "snappy" => RocksCompression.Snappy,
        "lz4" => RocksCompression.Lz4,
        "zstd" => RocksCompression.Zstd,
        _ => throw new EngineConfigException($"compression '{name}' is not one of {string.Join(", ", RocksDbOptionSpecs.Compressions)}"),
    };

    /// <summary>
    /// <c>compression_per_level</c>: compressions separated by ':' (RocksDB's option-string form) or ',',
    /// level 0 first; null when empty (then <c>compression</c> applies to every level).
    /// </summary>
    public static RocksCompression[]? ParseCompressionPerLevel(string text, string context)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split([':', ','], StringSplitOptions.TrimEntries);
        var result = new RocksCompression[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!RocksDbOptionSpecs.Compressions.Contains(parts[i].ToLowerInvariant()))
                throw new EngineConfigException(
                    $"{context}option '{CompressionPerLevel}' = '{text}': level {i} is '{parts[i]}', not one of {string.Join(", ", RocksDbOptionSpecs.Compressions)}");
            result[i] = CompressionOf(parts[i]);
        }
        return result;
    }

    private static byte B(bool value) => value ? (byte)1 : (byte)0;
}
