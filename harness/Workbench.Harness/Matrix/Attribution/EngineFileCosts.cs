namespace Workbench.Harness.Matrix.Attribution;

/// <summary>
/// The device bytes an engine that does its own IO (RocksDB through its C library) causes beyond
/// the bytes its tickers count, from the counters it reports (docs/measurements/attribution.md):
/// <list type="bullet">
/// <item><c>engine.info_log</c> — bytes appended to its info log (LOG), which no ticker counts;</item>
/// <item><c>engine.manifest_sync_pages</c> — one page per MANIFEST sync: each version edit (every flush,
/// compaction, trivial move) is appended and synced, so the next one dirties the tail page again;</item>
/// <item><c>engine.file_pages</c> — per table or blob file written: its last, partly filled page (half a
/// page on average) plus the one page ext4 charges for a file preallocated with fallocate
/// (RocksDB's default) when it is filled and truncated; measured 6.8 KB per 133 KiB file written that way
/// against 2.7 KB without fallocate.</item>
/// </list>
/// Pure; the counters are cumulative, so the costs are too.
/// </summary>
internal static class EngineFileCosts
{
    /// <summary>Engine counter: bytes of the info log files (RocksDB engine's InfoLogFiles).</summary>
    public const string InfoLogBytes = "info_log.bytes";
    /// <summary>Engine counter: table files a flush finished (one sync each).</summary>
    public const string FlushFiles = "rocksdb.table.sync.micros.count";
    /// <summary>Engine counter: compaction output files finished (one sync each).</summary>
    public const string CompactionFiles = "rocksdb.compaction.outfile.sync.micros.count";
    /// <summary>Engine counter: blob files synced (integrated BlobDB; one sync when a file is finished).</summary>
    public const string BlobFiles = "rocksdb.blobdb.blob.file.synced";
    /// <summary>Engine counter: MANIFEST syncs.</summary>
    public const string ManifestSyncs = "rocksdb.manifest.file.sync.micros.count";

    /// <summary>Charged per file written: the average unfilled tail page plus the preallocated file's extra page.</summary>
    public static readonly long BytesPerFile = PageCacheModelFileSystem.PageSize + PageCacheModelFileSystem.PageSize / 2;

    /// <summary>Adds the costs present in <paramref name="counters"/> (zero ones are left out) to <paramref name="bytes"/>.</summary>
    public static void AddTo(Dictionary<string, long> bytes, IReadOnlyDictionary<string, long> counters)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(counters);
        Add(bytes, "engine.info_log", counters.GetValueOrDefault(InfoLogBytes));
        Add(bytes, "engine.manifest_sync_pages", counters.GetValueOrDefault(ManifestSyncs) * PageCacheModelFileSystem.PageSize);
        var files = counters.GetValueOrDefault(FlushFiles) + counters.GetValueOrDefault(CompactionFiles) + counters.GetValueOrDefault(BlobFiles);
        Add(bytes, "engine.file_pages", files * BytesPerFile);
    }

    private static void Add(Dictionary<string, long> d, string key, long b)
    {
        if (b != 0) d[key] = d.GetValueOrDefault(key) + b;
    }
}
