namespace Workbench.Storage.Metrics;

/// <summary>Engine-neutral counter names of <see cref="EngineMetrics.Counters"/> (RocksDB ticker meanings where one exists), one place for every engine that reports them; engine-specific counters carry the engine's prefix and live in that engine's own names class.</summary>
public static class CounterNames
{
    /// <summary><c>user.bytes.written</c></summary>
    public const string UserBytesWritten = "user.bytes.written";
    /// <summary><c>user.keys.written</c></summary>
    public const string UserKeysWritten = "user.keys.written";
    /// <summary><c>write.groups</c></summary>
    public const string WriteGroups = "write.groups";
    /// <summary><c>wal.syncs</c></summary>
    public const string WalSyncs = "wal.syncs";
    /// <summary><c>flush.count</c></summary>
    public const string FlushCount = "flush.count";
    /// <summary><c>flush.micros</c></summary>
    public const string FlushMicros = "flush.micros";
    /// <summary><c>flush.running</c></summary>
    public const string FlushRunning = "flush.running";
    /// <summary><c>compaction.count</c></summary>
    public const string CompactionCount = "compaction.count";
    /// <summary><c>compaction.micros</c></summary>
    public const string CompactionMicros = "compaction.micros";
    /// <summary><c>compaction.trivial_moves</c></summary>
    public const string CompactionTrivialMoves = "compaction.trivial_moves";
    /// <summary><c>compaction.pending_bytes</c></summary>
    public const string CompactionPendingBytes = "compaction.pending_bytes";
    /// <summary><c>compaction.running</c></summary>
    public const string CompactionRunning = "compaction.running";
    /// <summary><c>stall.micros</c></summary>
    public const string StallMicros = "stall.micros";
    /// <summary><c>stall.slowdowns</c></summary>
    public const string StallSlowdowns = "stall.slowdowns";
    /// <summary><c>stall.stops</c></summary>
    public const string StallStops = "stall.stops";
    /// <summary><c>stall.delayed_write_rate</c></summary>
    public const string StallDelayedWriteRate = "stall.delayed_write_rate";
    /// <summary><c>block_cache.hit</c></summary>
    public const string BlockCacheHit = "block_cache.hit";
    /// <summary><c>block_cache.miss</c></summary>
    public const string BlockCacheMiss = "block_cache.miss";
    /// <summary><c>block_cache.usage</c></summary>
    public const string BlockCacheUsage = "block_cache.usage";
    /// <summary><c>bloom.useful</c></summary>
    public const string BloomUseful = "bloom.useful";
    /// <summary><c>bloom.checked</c></summary>
    public const string BloomChecked = "bloom.checked";
    /// <summary><c>get.count</c></summary>
    public const string GetCount = "get.count";
    /// <summary><c>get.memtable_hits</c></summary>
    public const string GetMemtableHits = "get.memtable_hits";
    /// <summary><c>block.compressed</c></summary>
    public const string BlockCompressed = "block.compressed";
    /// <summary><c>block.not_compressed</c></summary>
    public const string BlockNotCompressed = "block.not_compressed";
    /// <summary><c>block.decompressed</c></summary>
    public const string BlockDecompressed = "block.decompressed";
    /// <summary><c>bytes.compressed.from</c></summary>
    public const string BytesCompressedFrom = "bytes.compressed.from";
    /// <summary><c>bytes.compressed.to</c></summary>
    public const string BytesCompressedTo = "bytes.compressed.to";
    /// <summary><c>bytes.decompressed</c></summary>
    public const string BytesDecompressed = "bytes.decompressed";
    /// <summary><c>snapshots</c></summary>
    public const string Snapshots = "snapshots";
    /// <summary><c>entries.estimate</c></summary>
    public const string EntriesEstimate = "entries.estimate";
    /// <summary><c>sst.live_bytes</c></summary>
    public const string SstLiveBytes = "sst.live_bytes";
    /// <summary><c>blob.total_bytes</c></summary>
    public const string BlobTotalBytes = "blob.total_bytes";
    /// <summary><c>blob.live_bytes</c></summary>
    public const string BlobLiveBytes = "blob.live_bytes";
}
