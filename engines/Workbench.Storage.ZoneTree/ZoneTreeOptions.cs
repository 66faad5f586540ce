using Workbench.Storage.Registry;

namespace Workbench.Storage.ZoneTree;

/// <summary>The options of "zonetree", named after ZoneTree's own settings (ZoneTreeOptions, DiskSegmentOptions, WriteAheadLogOptions).</summary>
internal static class ZoneTreeOptions
{
    public const string MutableSegmentMaxItemCount = "mutable_segment_max_item_count";
    public const string DiskSegmentMaxItemCount = "disk_segment_max_item_count";
    public const string DiskSegmentCompression = "disk_segment_compression";
    public const string WalMode = "wal_mode";
    public const string MergeThreshold = "threshold_for_merge_operation_start";

    public static readonly IReadOnlyList<string> Compressions = ["none", "lz4", "zstd", "brotli", "gzip"];
    public static readonly IReadOnlyList<string> WalModes = ["sync", "sync_compressed", "async_compressed"];

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new(MutableSegmentMaxItemCount, OptionType.Int, 1_000_000, "records in the mutable (in-memory) segment before the maintainer moves it forward to be merged", Min: 1_000),
        new(DiskSegmentMaxItemCount, OptionType.Int, 20_000_000, "records per disk segment part", Min: 1_000),
        new(DiskSegmentCompression, OptionType.Choice, "lz4", "compression of disk segment blocks (ZoneTree's default is LZ4)", AllowedValues: Compressions),
        new(WalMode, OptionType.Choice, "sync", "ZoneTree's write-ahead log mode: sync (each commit written to the OS before it returns: survives kill -9), sync_compressed, async_compressed (written by a background thread: acknowledged unsynced writes can be lost on kill -9); WriteOptions.Sync always waits for a durable commit", AllowedValues: WalModes),
        new(MergeThreshold, OptionType.Int, 2, "read-only segments that make the maintainer start a merge into the disk segment", Min: 1, Max: 1_000),
    ];
}
