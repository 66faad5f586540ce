namespace Workbench.Storage.ZoneTree;

/// <summary>Counter names the zonetree engine reports in <see cref="Workbench.Storage.Metrics.EngineMetrics.Counters"/> (prefix "zonetree."), one place for the engine and its tests.</summary>
internal static class ZoneTreeCounterNames
{
    public const string MutableRecords = "zonetree.mutable_records";
    public const string ReadOnlySegments = "zonetree.read_only_segments";
    public const string ReadOnlyRecords = "zonetree.read_only_records";
    public const string BottomSegments = "zonetree.bottom_segments";
    public const string Merges = "zonetree.merges";
    public const string Commits = "zonetree.commits";
    public const string ActiveTransactions = "zonetree.active_transactions";
    public const string LastCommitTimestamp = "zonetree.last_commit_timestamp";
    public const string WalBytesOnDisk = "zonetree.wal_bytes_on_disk";
    public const string SegmentBytesOnDisk = "zonetree.segment_bytes_on_disk";
}
