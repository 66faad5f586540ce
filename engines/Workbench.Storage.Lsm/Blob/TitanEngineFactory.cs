using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Registers the LSM with key-value separation as "titan": every option of "lsm" plus Titan's
/// (tikv/titan names and defaults). min_blob_size is per column family, so e.g. a lock CF can keep
/// values inline (set it very large there).
/// </summary>
public sealed class TitanEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string IdentityName => "titan";

    /// <summary>The lsm engine's files plus blob files and blob manifests (Blob/FORMAT.md).</summary>
    public bool OwnsFile(string fileName) => OwnsTitanFile(fileName);

    internal static bool OwnsTitanFile(string fileName) =>
        LsmEngineFactory.OwnsLsmFile(fileName) || BlobFileFormat.TryParseFileName(fileName, out _) || fileName.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal);

    private readonly LsmEngineFactory _lsm = new();

    private const string Level0Trigger = "level0_file_num_compaction_trigger";

    /// <summary>
    /// Titan's garbage becomes visible only when a compaction drops the BlobIndexes of overwritten
    /// keys. With separated values the SSTs are tiny (16 KiB values: ~1/400 of the data), so L0 → L1
    /// compaction is nearly free, and the lsm's trigger of 4 only delays GC: under steady 16 KiB
    /// overwrite it let space amp reach 2.26 at discardable ratio 0.5; a trigger of 2 keeps it below 2
    /// (docs/measurements/bench-equal-settings.md).
    /// </summary>
    internal const int DefaultLevel0Trigger = 2;

    private const string TitanLevel0TriggerWhy = " (titan: 2, not the lsm's 4 — its SSTs hold only BlobIndexes, and garbage shows only after compaction)";

    /// <summary>The lsm engine's options (level0 trigger default 2 instead of 4, see DefaultLevel0Trigger) plus Titan's own (min_blob_size, blob file size, GC ratios, mode, level merge, compression).</summary>
    public TitanEngineFactory()
    {
        var lsmOptions = new List<OptionSpec>(_lsm.Options.Count);
        foreach (var o in _lsm.Options)
            lsmOptions.Add(o.Name == Level0Trigger ? o with { Default = DefaultLevel0Trigger, Description = o.Description + TitanLevel0TriggerWhy } : o);
        Options =
        [
            .. lsmOptions,
            new("min_blob_size", OptionType.Size, 4096L, "values of at least this size go to blob files at flush/compaction (Titan 4096; TiKV uses 32KB)", OptionScope.ColumnFamily, Min: 0),
            new("blob_file_target_size", OptionType.Size, 256L << 20, "size at which a blob file is cut", Min: 4096),
            new("blob_file_discardable_ratio", OptionType.Double, 0.5, "GC picks files whose garbage ratio (1 - live/data) is at least this", Min: 0, Max: 1),
            new("merge_small_file_threshold", OptionType.Size, 8L << 20, "blob files smaller than this always qualify for GC (merged together)", Min: 0),
            new("max_gc_batch_size", OptionType.Size, 1L << 30, "max input bytes of one GC run", Min: 4096),
            new("blob_gc_rate_limit_bytes_per_sec", OptionType.Size, 0L, "GC IO budget in bytes/s (0 = unlimited)", Min: 0),
            new("blob_compression", OptionType.Choice, "none", "per-record value codec of new blob files: none, lz4, zstd or brotli (kept only when it saves >= 1/8)", AllowedValues: ["none", "lz4", "zstd", "brotli"]),
            new("blob_compression_level", OptionType.Int, 1, "codec level: brotli quality 0-11, zstd 1-22, lz4 0-2 fast or 3-12 HC (1 is fast for all)", Min: 0, Max: 22),
            new("level_merge", OptionType.Bool, false, "rewrite values into new blob files during compactions into the two deepest levels (Titan's level_merge: ~1 space amp, more WA, GC only deletes emptied files)"),
            new("titan_mode", OptionType.Choice, "normal", "normal: separate values; fallback: write values back inline during compaction", AllowedValues: ["normal", "fallback"]),
            new("blob_gc_background", OptionType.Bool, true, "run blob GC on a background thread"),
        ];
    }

    /// <inheritdoc/>
    public string Name => "titan";

    /// <inheritdoc/>
    public string Description => "native LSM with Titan-style key-value separation: blob files, BlobIndex in the SSTs, garbage tracking and GC";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; }

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = request.Options;
        var perCf = new Dictionary<string, long>();
        foreach (var cf in request.ColumnFamilies)
            if (cf.Options.Contains("min_blob_size")) perCf[cf.Name] = cf.Options.GetLong("min_blob_size");
        var titan = new TitanOptions
        {
            MinBlobSize = Long(e, "min_blob_size", 4096),
            MinBlobSizeByColumnFamily = perCf,
            BlobFileTargetSize = Long(e, "blob_file_target_size", 256L << 20),
            BlobFileDiscardableRatio = e.Contains("blob_file_discardable_ratio") ? e.GetDouble("blob_file_discardable_ratio") : 0.5,
            MergeSmallFileThreshold = Long(e, "merge_small_file_threshold", 8L << 20),
            MaxGcBatchSize = Long(e, "max_gc_batch_size", 1L << 30),
            BlobGcRateLimitBytesPerSec = Long(e, "blob_gc_rate_limit_bytes_per_sec", 0),
            Mode = e.Contains("titan_mode") && string.Equals(e.GetString("titan_mode"), "fallback", StringComparison.OrdinalIgnoreCase) ? TitanMode.Fallback : TitanMode.Normal,
            BackgroundGc = !e.Contains("blob_gc_background") || e.GetBool("blob_gc_background"),
            LevelMerge = e.Contains("level_merge") && e.GetBool("level_merge"),
            Compression = BlobCodec(e),
            CompressionLevel = e.Contains("blob_compression_level") ? e.GetInt("blob_compression_level") : 1,
        };
        if (titan.Compression == BlobCompression.Brotli && titan.CompressionLevel > 11)
            throw new EngineConfigException($"option 'blob_compression_level' = {titan.CompressionLevel}: brotli's quality is 0-11");
        if (titan.Compression == BlobCompression.Zstd && titan.CompressionLevel < 1)
            throw new EngineConfigException($"option 'blob_compression_level' = {titan.CompressionLevel}: zstd's level is 1-22");
        var (options, cfOptions) = LsmEngineFactory.BuildOptions(request, titan);
        return new LsmEngine(request, options, cfOptions, TitanValueSeparator.Plugin(titan));
    }

    private static BlobCompression BlobCodec(EngineOptions e) =>
        !e.Contains("blob_compression") ? BlobCompression.None : e.GetString("blob_compression").ToLowerInvariant() switch
        {
            "brotli" => BlobCompression.Brotli,
            "lz4" => BlobCompression.Lz4,
            "zstd" => BlobCompression.Zstd,
            _ => BlobCompression.None,
        };

    private static long Long(EngineOptions o, string name, long fallback) => o.Contains(name) ? o.GetLong(name) : fallback;
}
