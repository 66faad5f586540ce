namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// RocksDB statistics histograms whose sample COUNT the engine reports as a counter (name + ".count"):
/// each counts one kind of file sync, which is how many files of that kind RocksDB finished (one
/// sync per table file) or how many times it synced its MANIFEST (once per version edit). The
/// harness turns them into the page costs the byte tickers miss (docs/measurements/attribution.md).
/// </summary>
internal static class HistogramNames
{
    /// <summary>One sample per table file a flush wrote (BuildTable syncs it once).</summary>
    public const string TableSyncMicros = "rocksdb.table.sync.micros";
    /// <summary>One sample per compaction output file (synced once when finished).</summary>
    public const string CompactionOutfileSyncMicros = "rocksdb.compaction.outfile.sync.micros";
    /// <summary>One sample per MANIFEST sync (each LogAndApply: a flush, a compaction, a trivial move…).</summary>
    public const string ManifestFileSyncMicros = "rocksdb.manifest.file.sync.micros";
    /// <summary>One sample per WAL sync.</summary>
    public const string WalFileSyncMicros = "rocksdb.wal.file.sync.micros";

    /// <summary>The histograms whose counts become counters.</summary>
    public static readonly string[] Counted = [TableSyncMicros, CompactionOutfileSyncMicros, ManifestFileSyncMicros, WalFileSyncMicros];

    /// <summary>The counter name of a histogram's sample count.</summary>
    public static string CountOf(string histogram) => histogram + ".count";
}
