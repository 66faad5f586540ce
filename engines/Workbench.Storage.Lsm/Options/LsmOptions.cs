using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.ValueSeparation;
using D = Workbench.Storage.Lsm.Options.LsmOptionDeclarations;

namespace Workbench.Storage.Lsm.Options;

/// <summary>
/// Engine-wide options (RocksDB's names and defaults, so comparisons with the rocksdb engine are fair).
/// Every option property takes its default from its declaration in <see cref="LsmOptionDeclarations"/>.
/// Immutable (a record, so the declarations' bindings can set it with <c>with</c>).
/// </summary>
public sealed record LsmOptions
{
    /// <summary>Capacity (bytes) of the block cache shared by all column families (block_cache size, 8 MiB).</summary>
    public long BlockCacheSize { get; init; } = D.BlockCacheSizeOption.Default;
    /// <summary>Background flush and compaction threads (max_background_jobs).</summary>
    public int MaxBackgroundJobs { get; init; } = D.MaxBackgroundJobsOption.Default;

    /// <summary>
    /// Write rate (bytes/s) while a slowdown condition holds — level0_slowdown_writes_trigger L0 files or
    /// soft_pending_compaction_bytes_limit (RocksDB's delayed_write_rate; its default without a rate limiter, 16 MiB/s).
    /// </summary>
    public long DelayedWriteRate { get; init; } = D.DelayedWriteRateOption.Default;

    /// <summary>Sync the WAL on every write, regardless of WriteOptions.Sync (RocksDB has no such option; off).</summary>
    public bool SyncAllWrites { get; init; } = D.SyncAllWritesOption.Default;

    // ---- Compaction concurrency and IO (issue 21 item 3) ----

    /// <summary>
    /// Compactions that may run at once (RocksDB's max_background_compactions). 0 = derived as
    /// RocksDB derives it from max_background_jobs when unset: jobs × 3/4, at least 1 — with the
    /// default 2 jobs, one compaction and a thread kept for flushes. Our threads are shared (a
    /// thread takes a flush before a compaction), so the cap is what keeps a thread free for flushes.
    /// </summary>
    public int MaxBackgroundCompactions { get; init; } = D.MaxBackgroundCompactionsOption.Default;

    /// <summary>The compaction cap in effect (<see cref="MaxBackgroundCompactions"/>, or derived from the jobs).</summary>
    public int EffectiveMaxCompactions =>
        Math.Min(Math.Max(1, MaxBackgroundJobs), MaxBackgroundCompactions > 0 ? MaxBackgroundCompactions : Math.Max(1, MaxBackgroundJobs * 3 / 4));

    /// <summary>Bytes read at a time from each compaction input table (RocksDB's compaction_readahead_size, 2 MiB since 7.x).</summary>
    public int CompactionReadaheadSize { get; init; } = (int)D.CompactionReadaheadSizeOption.Default;

    // ---- Write path concurrency (issue 21 item 4) ----

    /// <summary>
    /// Writers insert their own batches into the memtables in parallel once their group's WAL record is
    /// written, and the next group's WAL write overlaps those inserts (RocksDB's
    /// allow_concurrent_memtable_write together with enable_pipelined_write); sequences become
    /// visible in allocation order. Off: the group leader inserts every batch of its group itself.
    /// </summary>
    public bool AllowConcurrentMemtableWrite { get; init; } = D.AllowConcurrentMemtableWriteOption.Default;

    /// <summary>Whether data block arrays are recycled through the block cache's <see cref="Cache.BlockBufferPool"/> (pool_block_buffers, on); off = a new array per block read, left to the GC.</summary>
    public bool PoolBlockBuffers { get; init; } = D.PoolBlockBuffersOption.Default;

    /// <summary>
    /// Table files (and titan's blob files) are opened with <see cref="ReadMode.Direct"/>
    /// (use_direct_reads, off): reads bypass the page cache. Compaction reads its inputs through the
    /// same table readers, so they are direct too; writes stay buffered.
    /// </summary>
    public bool UseDirectReads { get; init; } = D.UseDirectReadsOption.Default;

    /// <summary>How table and blob files are opened for reading (from <see cref="UseDirectReads"/>).</summary>
    internal ReadMode TableReadMode => UseDirectReads ? ReadMode.Direct : ReadMode.Buffered;

    /// <summary>Key-value separation options when opened as "titan" (null for "lsm"); the engine takes its value separator from the factory's <see cref="ValueSeparatorPlugin"/>, which carries these.</summary>
    public TitanOptions? Titan { get; init; }
}
