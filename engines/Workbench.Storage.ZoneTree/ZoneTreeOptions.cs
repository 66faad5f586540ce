using global::ZoneTree.Options;
using Workbench.Storage.Registry;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// The options of "zonetree", named after ZoneTree's own settings (ZoneTreeOptions, DiskSegmentOptions,
/// WriteAheadLogOptions): each declared once below and bound to its property, which takes its default
/// from the declaration (the pattern of docs/DESIGN.md §6). Choices map straight to ZoneTree's enums. Immutable.
/// </summary>
internal sealed record ZoneTreeOptions
{
    public const string MutableSegmentMaxItemCountName = "mutable_segment_max_item_count";
    public const string DiskSegmentMaxItemCountName = "disk_segment_max_item_count";
    public const string DiskSegmentCompressionName = "disk_segment_compression";
    public const string WalModeName = "wal_mode";
    public const string MergeThresholdName = "threshold_for_merge_operation_start";

    private static readonly IReadOnlyList<(string, CompressionMethod)> Compressions =
        [("none", CompressionMethod.None), ("lz4", CompressionMethod.LZ4), ("zstd", CompressionMethod.Zstd), ("brotli", CompressionMethod.Brotli), ("gzip", CompressionMethod.Gzip)];
    private static readonly IReadOnlyList<(string, WriteAheadLogMode)> WalModes =
        [("sync", WriteAheadLogMode.Sync), ("sync_compressed", WriteAheadLogMode.SyncCompressed), ("async_compressed", WriteAheadLogMode.AsyncCompressed)];

    public static readonly EngineOption<int> MutableSegmentMaxItemCountOption = EngineOption.Int(MutableSegmentMaxItemCountName, 1_000_000, "records in the mutable (in-memory) segment before the maintainer moves it forward to be merged", min: 1_000);
    public static readonly EngineOption<int> DiskSegmentMaxItemCountOption = EngineOption.Int(DiskSegmentMaxItemCountName, 20_000_000, "records per disk segment part", min: 1_000);
    public static readonly EngineOption<CompressionMethod> DiskSegmentCompressionOption = EngineOption.Choice(DiskSegmentCompressionName, CompressionMethod.LZ4, Compressions, "compression of disk segment blocks (ZoneTree's default is LZ4)");
    public static readonly EngineOption<WriteAheadLogMode> WalModeOption = EngineOption.Choice(WalModeName, WriteAheadLogMode.Sync, WalModes,
        "ZoneTree's write-ahead log mode: sync (each commit written to the OS before it returns: survives kill -9), sync_compressed, async_compressed (written by a background thread: acknowledged unsynced writes can be lost on kill -9); WriteOptions.Sync always waits for a durable commit");
    public static readonly EngineOption<int> MergeThresholdOption = EngineOption.Int(MergeThresholdName, 2, "read-only segments that make the maintainer start a merge into the disk segment", min: 1, max: 1_000);

    /// <summary>The declarations bound to their properties, in the order `workbench engines` lists them.</summary>
    public static readonly OptionSet<ZoneTreeOptions> Declared = new(
    [
        MutableSegmentMaxItemCountOption.Bind<ZoneTreeOptions>(o => o.MutableSegmentMaxItemCount, (o, v) => o with { MutableSegmentMaxItemCount = v }),
        DiskSegmentMaxItemCountOption.Bind<ZoneTreeOptions>(o => o.DiskSegmentMaxItemCount, (o, v) => o with { DiskSegmentMaxItemCount = v }),
        DiskSegmentCompressionOption.Bind<ZoneTreeOptions>(o => o.DiskSegmentCompression, (o, v) => o with { DiskSegmentCompression = v }),
        WalModeOption.Bind<ZoneTreeOptions>(o => o.WalMode, (o, v) => o with { WalMode = v }),
        MergeThresholdOption.Bind<ZoneTreeOptions>(o => o.MergeThreshold, (o, v) => o with { MergeThreshold = v }),
    ]);

    public static IReadOnlyList<OptionSpec> Specs { get; } = Declared.Specs;

    /// <summary>ZoneTree's MutableSegmentMaxItemCount.</summary>
    public int MutableSegmentMaxItemCount { get; init; } = MutableSegmentMaxItemCountOption.Default;
    /// <summary>ZoneTree's DiskSegmentMaxItemCount.</summary>
    public int DiskSegmentMaxItemCount { get; init; } = DiskSegmentMaxItemCountOption.Default;
    /// <summary>DiskSegmentOptions.CompressionMethod.</summary>
    public CompressionMethod DiskSegmentCompression { get; init; } = DiskSegmentCompressionOption.Default;
    /// <summary>WriteAheadLogOptions.WriteAheadLogMode.</summary>
    public WriteAheadLogMode WalMode { get; init; } = WalModeOption.Default;
    /// <summary>The maintainer's ThresholdForMergeOperationStart.</summary>
    public int MergeThreshold { get; init; } = MergeThresholdOption.Default;

    /// <summary>The options of validated registry values.</summary>
    public static ZoneTreeOptions From(EngineOptions options) => Declared.Apply(new ZoneTreeOptions(), options);
}
