using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Registry;
using static Workbench.Storage.Lsm.Blob.TitanOptionNames;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's options, declared once and bound to <see cref="TitanOptions"/> (whose initialisers read
/// the defaults from here), and the lsm's options as "titan" lists them (one default differs,
/// <see cref="Level0FileNumCompactionTrigger"/>). The pattern is <see cref="LsmOptionDeclarations"/>'.
/// </summary>
internal static class TitanOptionDeclarations
{
    private static readonly IReadOnlyList<(string, BlobCompression)> BlobCodecs =
        [("none", BlobCompression.None), ("lz4", BlobCompression.Lz4), ("zstd", BlobCompression.Zstd), ("brotli", BlobCompression.Brotli)];

    private static readonly IReadOnlyList<(string, TitanMode)> Modes = [("normal", TitanMode.Normal), ("fallback", TitanMode.Fallback)];

    public static readonly EngineOption<long> MinBlobSizeOption = EngineOption.Size(MinBlobSize, 4096, "values of at least this size go to blob files at flush/compaction (Titan 4096; TiKV uses 32KB)", OptionScope.ColumnFamily, min: 0);
    public static readonly EngineOption<long> BlobFileTargetSizeOption = EngineOption.Size(BlobFileTargetSize, 256L << 20, "size at which a blob file is cut", min: 4096);
    public static readonly EngineOption<double> BlobFileDiscardableRatioOption = EngineOption.Double(BlobFileDiscardableRatio, 0.5, "GC picks files whose garbage ratio (1 - live/data) is at least this", min: 0, max: 1);
    public static readonly EngineOption<long> MergeSmallFileThresholdOption = EngineOption.Size(MergeSmallFileThreshold, 8L << 20, "blob files smaller than this always qualify for GC (merged together)", min: 0);
    public static readonly EngineOption<double> MergeSmallFileRatioOption = EngineOption.Double(MergeSmallFileRatio, 0.25,
        "a blob file is small (merged regardless of garbage) only below min(merge_small_file_threshold, this x the blob file size flushes produce); 0 = the absolute threshold alone (Titan)", min: 0, max: 1);
    public static readonly EngineOption<long> MaxGcBatchSizeOption = EngineOption.Size(MaxGcBatchSize, 1L << 30, "max input bytes of one GC run", min: 4096);
    public static readonly EngineOption<long> BlobGcRateLimitBytesPerSecOption = EngineOption.Size(BlobGcRateLimitBytesPerSec, 0, "GC IO budget in bytes/s (0 = unlimited)", min: 0);
    public static readonly EngineOption<BlobCompression> BlobCompressionOption = EngineOption.Choice(TitanOptionNames.BlobCompression, BlobCompression.None, BlobCodecs,
        "per-record value codec of new blob files: none, lz4, zstd or brotli (kept only when it saves >= 1/8)");
    public static readonly EngineOption<int> BlobCompressionLevelOption = EngineOption.Int(BlobCompressionLevel, 1, "codec level: brotli quality 0-11, zstd 1-22, lz4 0-2 fast or 3-12 HC (1 is fast for all)", min: 0, max: 22);
    public static readonly EngineOption<bool> LevelMergeOption = EngineOption.Bool(LevelMerge, false,
        "rewrite values into new blob files during compactions into the two deepest levels (Titan's level_merge: ~1 space amp, more WA, GC only deletes emptied files)");
    public static readonly EngineOption<TitanMode> TitanModeOption = EngineOption.Choice(TitanOptionNames.TitanMode, TitanMode.Normal, Modes, "normal: separate values; fallback: write values back inline during compaction");
    public static readonly EngineOption<bool> BlobGcBackgroundOption = EngineOption.Bool(BlobGcBackground, true, "run blob GC on a background thread");

    /// <summary>Titan's own options bound to <see cref="TitanOptions"/> (min_blob_size's engine-wide value; the per-CF values are <see cref="TitanOptions.MinBlobSizeByColumnFamily"/>).</summary>
    public static readonly OptionSet<TitanOptions> Titan = new(
    [
        MinBlobSizeOption.Bind<TitanOptions>(o => o.MinBlobSize, (o, v) => o with { MinBlobSize = v }),
        BlobFileTargetSizeOption.Bind<TitanOptions>(o => o.BlobFileTargetSize, (o, v) => o with { BlobFileTargetSize = v }),
        BlobFileDiscardableRatioOption.Bind<TitanOptions>(o => o.BlobFileDiscardableRatio, (o, v) => o with { BlobFileDiscardableRatio = v }),
        MergeSmallFileThresholdOption.Bind<TitanOptions>(o => o.MergeSmallFileThreshold, (o, v) => o with { MergeSmallFileThreshold = v }),
        MergeSmallFileRatioOption.Bind<TitanOptions>(o => o.MergeSmallFileRatio, (o, v) => o with { MergeSmallFileRatio = v }),
        MaxGcBatchSizeOption.Bind<TitanOptions>(o => o.MaxGcBatchSize, (o, v) => o with { MaxGcBatchSize = v }),
        BlobGcRateLimitBytesPerSecOption.Bind<TitanOptions>(o => o.BlobGcRateLimitBytesPerSec, (o, v) => o with { BlobGcRateLimitBytesPerSec = v }),
        BlobCompressionOption.Bind<TitanOptions>(o => o.Compression, (o, v) => o with { Compression = v }),
        BlobCompressionLevelOption.Bind<TitanOptions>(o => o.CompressionLevel, (o, v) => o with { CompressionLevel = v }),
        LevelMergeOption.Bind<TitanOptions>(o => o.LevelMerge, (o, v) => o with { LevelMerge = v }),
        TitanModeOption.Bind<TitanOptions>(o => o.Mode, (o, v) => o with { Mode = v }),
        BlobGcBackgroundOption.Bind<TitanOptions>(o => o.BackgroundGc, (o, v) => o with { BackgroundGc = v }),
    ]);

    /// <summary>
    /// Titan's garbage becomes visible only when a compaction drops the BlobIndexes of overwritten
    /// keys. With separated values the SSTs are tiny (16 KiB values: ~1/400 of the data), so L0 → L1
    /// compaction is nearly free, and the lsm's trigger of 4 only delays GC: under steady 16 KiB
    /// overwrite it let space amp reach 2.26 at discardable ratio 0.5; a trigger of 2 keeps it below 2
    /// (docs/measurements/bench-equal-settings.md).
    /// </summary>
    public const int Level0FileNumCompactionTrigger = 2;

    /// <summary>The lsm's per-CF options as "titan" declares them: level0_file_num_compaction_trigger defaults to <see cref="Level0FileNumCompactionTrigger"/>.</summary>
    public static readonly OptionSet<ColumnFamilyOptions> ColumnFamily = LsmOptionDeclarations.ColumnFamily.WithDefault(
        LsmOptionDeclarations.Level0FileNumCompactionTriggerOption, Level0FileNumCompactionTrigger,
        " (titan: 2, not the lsm's 4 — its SSTs hold only BlobIndexes, and garbage shows only after compaction)");

    /// <summary>What "titan" lists: the lsm's options (with titan's level0 trigger), then Titan's own.</summary>
    public static IReadOnlyList<OptionSpec> Specs() => [.. LsmOptionDeclarations.Specs(ColumnFamily), .. Titan.Specs];
}
