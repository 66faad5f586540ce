using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm;

/// <summary>Registers the native LSM as "lsm". Option names and defaults follow RocksDB (and our rocksdb engine).</summary>
public sealed class LsmEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string Name => "lsm";

    /// <inheritdoc/>
    public string IdentityName => "lsm";

    /// <summary>The lsm engine's files (FORMAT.md): logs, tables, manifests, CURRENT, temp files.</summary>
    public bool OwnsFile(string fileName) => OwnsLsmFile(fileName);

    internal static bool OwnsLsmFile(string fileName) => FileNames.Parse(fileName, out _) != FileNames.Kind.Unknown;

    /// <inheritdoc/>
    public string Description => "native C# LSM: WAL with group commit, skip-list memtables, SSTables with bloom filters and block cache, MANIFEST, leveled compaction";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("write_buffer_size", OptionType.Size, 64L << 20, "memtable size at which it is switched and flushed", OptionScope.ColumnFamily, Min: 4096),
        new("max_write_buffer_number", OptionType.Int, 2, "memtables per column family (mutable + immutable) before writes stop", OptionScope.ColumnFamily, Min: 2),
        new("level0_file_num_compaction_trigger", OptionType.Int, 4, "L0 file count that triggers an L0 compaction", OptionScope.ColumnFamily, Min: 1),
        new("level0_slowdown_writes_trigger", OptionType.Int, 20, "L0 file count at which writes are slowed to delayed_write_rate", OptionScope.ColumnFamily, Min: 1),
        new("level0_stop_writes_trigger", OptionType.Int, 36, "L0 file count at which writes stop until compaction catches up", OptionScope.ColumnFamily, Min: 1),
        new("max_bytes_for_level_base", OptionType.Size, 256L << 20, "size target of L1", OptionScope.ColumnFamily, Min: 1024),
        new("max_bytes_for_level_multiplier", OptionType.Double, 10.0, "growth of the size target from one level to the next", OptionScope.ColumnFamily, Min: 1.0001),
        new("target_file_size_base", OptionType.Size, 64L << 20, "size at which compaction output files are cut", OptionScope.ColumnFamily, Min: 1024),
        new("target_file_size_multiplier", OptionType.Int, 1, "growth of the output file size per level", OptionScope.ColumnFamily, Min: 1),
        new("soft_pending_compaction_bytes_limit", OptionType.Size, 64L << 30, "estimated pending compaction bytes at which writes are slowed to delayed_write_rate (RocksDB's; 0 = off)", OptionScope.ColumnFamily, Min: 0),
        new("hard_pending_compaction_bytes_limit", OptionType.Size, 256L << 30, "estimated pending compaction bytes at which writes stop until compaction catches up (RocksDB's; 0 = off)", OptionScope.ColumnFamily, Min: 0),
        new("num_levels", OptionType.Int, 7, "number of levels", OptionScope.ColumnFamily, Min: 2, Max: LsmStatistics.MaxLevels),
        new("block_size", OptionType.Size, 4096L, "target size of a table data block (uncompressed)", OptionScope.ColumnFamily, Min: 256),
        new("bloom_bits_per_key", OptionType.Int, 10, "bloom filter bits per key in each table (0 = no filter)", OptionScope.ColumnFamily, Min: 0, Max: 64),
        new("compression", OptionType.Choice, "none", "codec of table data/index blocks on every level (RocksDB's compression; kept per block only when it saves >= 1/8). Default none, like our rocksdb engine, so comparisons stay uncompressed", OptionScope.ColumnFamily, CompressionNames.All),
        new("compression_per_level", OptionType.String, "", "codecs per level, L0 first, ':'-separated (RocksDB's compression_per_level; deeper levels take the last), or 'tikv' = none:none:lz4:lz4:lz4:zstd:zstd with bottommost zstd (TiKV's default CFs); overrides compression", OptionScope.ColumnFamily),
        new("bottommost_compression", OptionType.Choice, "disable", "codec of compaction outputs at the bottommost level (RocksDB's; disable = the level's codec)", OptionScope.ColumnFamily, ["disable", .. CompressionNames.All]),
        new("compression_level", OptionType.Int, -1, "codec level (RocksDB's compression_opts.level): zstd 1-22, lz4 3-12 = HC; -1 = codec default (zstd 3, lz4 fast)", OptionScope.ColumnFamily, Min: -1, Max: 22),
        new("block_cache_size", OptionType.Size, 8L << 20, "LRU block cache capacity shared by all tables", Min: 0),
        new("max_background_jobs", OptionType.Int, 2, "background threads for flushes and compactions", Min: 1, Max: 64),
        new("delayed_write_rate", OptionType.Size, 16L << 20, "write rate (bytes/s) while writes are slowed down (RocksDB's delayed_write_rate)", Min: 1024),
        new("sync_all_writes", OptionType.Bool, false, "sync the WAL on every write even when WriteOptions.Sync is false"),

        // ---- Level sizing and compaction concurrency/IO (issue 21 item 3) ----
        new("level_compaction_dynamic_level_bytes", OptionType.Bool, false, "size levels from the bottom up: the largest level sets the targets above it, L0 compacts straight into the base level (RocksDB's; its default since 8.4 is true)", OptionScope.ColumnFamily),
        new("max_background_compactions", OptionType.Int, 0, "compactions that may run at once (RocksDB's); 0 = max_background_jobs × 3/4, at least 1", Min: 0, Max: 64),
        new("compaction_readahead_size", OptionType.Size, 2L << 20, "bytes read at a time from each compaction input table (RocksDB's compaction_readahead_size)", Min: 4096, Max: 256L << 20),

        // ---- Output file cutting (issue 21 item 3) ----
        new("level_compaction_dynamic_file_size", OptionType.Bool, true, "cut a compaction output of at least half its target where a grandparent file ends (RocksDB's level_compaction_dynamic_file_size); off = target size and max_compaction_bytes only", OptionScope.ColumnFamily),

        // ---- Write path concurrency (issue 21 item 4) ----
        new("allow_concurrent_memtable_write", OptionType.Bool, true, "writers insert their own batches into the memtable in parallel after the group's WAL write, which overlaps the next group's WAL write (RocksDB's allow_concurrent_memtable_write with enable_pipelined_write); off = the group leader inserts all"),
    ];

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (options, cfOptions) = BuildOptions(request, titan: null);
        TitanValueSeparator.RefuseTitanDirectory(request.FileSystem, FilePaths.Normalize(request.Directory));
        return new LsmEngine(request, options, cfOptions);
    }

    /// <summary>
    /// The engine-wide and per-CF options of a request as "lsm" reads them (shared with "titan", which
    /// passes its own <paramref name="titan"/> options). Each CF's options are validated.
    /// </summary>
    internal static (LsmOptions Options, ColumnFamilyOptions[] ColumnFamilies) BuildOptions(EngineOpenRequest request, TitanOptions? titan)
    {
        var e = request.Options;
        var options = new LsmOptions
        {
            BlockCacheSize = Size(e, "block_cache_size", 8L << 20),
            MaxBackgroundJobs = Int(e, "max_background_jobs", 2),
            DelayedWriteRate = Size(e, "delayed_write_rate", 16L << 20),
            SyncAllWrites = e.Contains("sync_all_writes") && e.GetBool("sync_all_writes"),
            MaxBackgroundCompactions = Int(e, "max_background_compactions", 0),
            CompactionReadaheadSize = (int)Size(e, "compaction_readahead_size", 2L << 20),
            AllowConcurrentMemtableWrite = !e.Contains("allow_concurrent_memtable_write") || e.GetBool("allow_concurrent_memtable_write"),
            Titan = titan,
        };
        var cfOptions = new ColumnFamilyOptions[request.ColumnFamilies.Count];
        for (var i = 0; i < cfOptions.Length; i++)
        {
            var cf = request.ColumnFamilies[i];
            cfOptions[i] = ForColumnFamily(cf.Options, e);
            cfOptions[i].Validate(cf.Name);
        }
        return (options, cfOptions);
    }

    /// <summary>Per-CF options: the CF's own value if present, else the engine-wide one, else RocksDB's default.</summary>
    internal static ColumnFamilyOptions ForColumnFamily(EngineOptions cf, EngineOptions engine)
    {
        EngineOptions Pick(string name) => cf.Contains(name) ? cf : engine;
        var d = new ColumnFamilyOptions();
        var numLevels = Int(Pick("num_levels"), "num_levels", d.NumLevels);
        var perLevelText = Pick("compression_per_level").Contains("compression_per_level") ? Pick("compression_per_level").GetString("compression_per_level") : "";
        var perLevel = CompressionNames.ParsePerLevel(perLevelText, numLevels);
        CompressionType? bottommost = null;
        var bottommostSet = cf.ExplicitlySet.Contains("bottommost_compression") || engine.ExplicitlySet.Contains("bottommost_compression");
        if (!bottommostSet && string.Equals(perLevelText.Trim(), "tikv", StringComparison.OrdinalIgnoreCase))
            bottommost = CompressionType.Zstd; // the preset brings TiKV's bottommost-level-compression = zstd
        else if (Pick("bottommost_compression").Contains("bottommost_compression"))
        {
            var text = Pick("bottommost_compression").GetString("bottommost_compression");
            if (!string.Equals(text, "disable", StringComparison.OrdinalIgnoreCase)) bottommost = Codec(text, "bottommost_compression");
        }
        return new ColumnFamilyOptions
        {
            WriteBufferSize = Size(Pick("write_buffer_size"), "write_buffer_size", d.WriteBufferSize),
            MaxWriteBufferNumber = Int(Pick("max_write_buffer_number"), "max_write_buffer_number", d.MaxWriteBufferNumber),
            Level0FileNumCompactionTrigger = Int(Pick("level0_file_num_compaction_trigger"), "level0_file_num_compaction_trigger", d.Level0FileNumCompactionTrigger),
            Level0SlowdownWritesTrigger = Int(Pick("level0_slowdown_writes_trigger"), "level0_slowdown_writes_trigger", d.Level0SlowdownWritesTrigger),
            Level0StopWritesTrigger = Int(Pick("level0_stop_writes_trigger"), "level0_stop_writes_trigger", d.Level0StopWritesTrigger),
            MaxBytesForLevelBase = Size(Pick("max_bytes_for_level_base"), "max_bytes_for_level_base", d.MaxBytesForLevelBase),
            MaxBytesForLevelMultiplier = Pick("max_bytes_for_level_multiplier").Contains("max_bytes_for_level_multiplier") ? Pick("max_bytes_for_level_multiplier").GetDouble("max_bytes_for_level_multiplier") : d.MaxBytesForLevelMultiplier,
            TargetFileSizeBase = Size(Pick("target_file_size_base"), "target_file_size_base", d.TargetFileSizeBase),
            TargetFileSizeMultiplier = Int(Pick("target_file_size_multiplier"), "target_file_size_multiplier", d.TargetFileSizeMultiplier),
            NumLevels = numLevels,
            SoftPendingCompactionBytesLimit = Size(Pick("soft_pending_compaction_bytes_limit"), "soft_pending_compaction_bytes_limit", d.SoftPendingCompactionBytesLimit),
            HardPendingCompactionBytesLimit = Size(Pick("hard_pending_compaction_bytes_limit"), "hard_pending_compaction_bytes_limit", d.HardPendingCompactionBytesLimit),
            Compression = Pick("compression").Contains("compression") ? Codec(Pick("compression").GetString("compression"), "compression") : d.Compression,
            CompressionPerLevel = perLevel,
            BottommostCompression = bottommost,
            CompressionLevel = Int(Pick("compression_level"), "compression_level", d.CompressionLevel),
            BlockSize = (int)Size(Pick("block_size"), "block_size", d.BlockSize),
            BloomBitsPerKey = Int(Pick("bloom_bits_per_key"), "bloom_bits_per_key", d.BloomBitsPerKey),
            LevelCompactionDynamicLevelBytes = Pick("level_compaction_dynamic_level_bytes").Contains("level_compaction_dynamic_level_bytes")
                ? Pick("level_compaction_dynamic_level_bytes").GetBool("level_compaction_dynamic_level_bytes") : d.LevelCompactionDynamicLevelBytes,
            LevelCompactionDynamicFileSize = Pick("level_compaction_dynamic_file_size").Contains("level_compaction_dynamic_file_size")
                ? Pick("level_compaction_dynamic_file_size").GetBool("level_compaction_dynamic_file_size") : d.LevelCompactionDynamicFileSize,
        };
    }

    private static CompressionType Codec(string text, string option) =>
        CompressionNames.TryParse(text, out var t) ? t : throw new EngineConfigException($"option '{option}' = '{text}' is not one of {string.Join(", ", CompressionNames.All)}");

    private static long Size(EngineOptions o, string name, long fallback) => o.Contains(name) ? o.GetLong(name) : fallback;
    private static int Int(EngineOptions o, string name, int fallback) => o.Contains(name) ? o.GetInt(name) : fallback;
}
