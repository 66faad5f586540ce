using Workbench.Storage.Registry;

using static Workbench.Storage.RocksDb.Options.RocksDbOptionNames;

namespace Workbench.Storage.RocksDb.Options;

/// <summary>
/// The options both RocksDB engines declare. Defaults are db_bench's (RocksDB 7.8 `db_bench --help`,
/// the anchor) so that `workbench bench --engine rocksdb` and db_bench 7.8 run the same
/// configuration on the RocksDB 11 library; where RocksDB 11's own default differs (e.g.
/// level_compaction_dynamic_level_bytes, true since 8.2) the description says so. The one deliberate
/// difference from db_bench is compression: db_bench defaults to snappy, but every comparison here
/// runs uncompressed (the anchor script passes --compression_type=none), so our default is none.
/// "rocksdb-blob" differs only in the BlobDB defaults (files on, GC on).
/// </summary>
internal static class RocksDbOptionSpecs
{
    public static readonly IReadOnlyList<string> Compressions = ["none", "snappy", "lz4", "zstd"];

    public static IReadOnlyList<OptionSpec> Create(bool blobDefaults)
    {
        const OptionScope Cf = OptionScope.ColumnFamily;
        return
        [
            new(MaxBackgroundJobs, OptionType.Int, 2, "background flush + compaction threads (db_bench: 2)", Min: 1, Max: 64),
            new(BlockCacheSize, OptionType.Size, 8L << 20, "LRU block cache shared by all column families, bytes (db_bench --cache_size: 8 MB); 0 = no block cache", Min: 0),
            new(EnablePipelinedWrite, OptionType.Bool, true, "separate WAL and memtable write queues (db_bench: true)"),
            new(UseDirectReads, OptionType.Bool, false, "O_DIRECT for user reads"),
            new(UseDirectIoForFlushAndCompaction, OptionType.Bool, false, "O_DIRECT for flush and compaction IO"),
            new(MaxOpenFiles, OptionType.Int, -1, "table files kept open (-1 = all)", Min: -1),
            new(BytesPerSync, OptionType.Size, 0L, "sync SST files incrementally every this many bytes (0 = off)", Min: 0),
            new(WalBytesPerSync, OptionType.Size, 0L, "sync the WAL incrementally every this many bytes (0 = off)", Min: 0),
            new(MaxTotalWalSize, OptionType.Size, 0L, "force a flush when the WALs exceed this size (0 = 4 x total write buffers)", Min: 0),
            new(RateLimiterBytesPerSec, OptionType.Size, 0L, "rate limiter shared by flushes and compactions, bytes/s of their writes (0 = none; db_bench's flag)", Min: 0),
            new(RateLimiterAutoTuned, OptionType.Bool, false, "let RocksDB tune the limit between 1/20 of and rate_limiter_bytes_per_sec by demand (db_bench's flag)"),

            new(WriteBufferSize, OptionType.Size, 64L << 20, "memtable size, bytes", Cf, Min: 64 << 10),
            new(MaxWriteBufferNumber, OptionType.Int, 2, "memtables per column family (active + immutable)", Cf, Min: 2, Max: 64),
            new(Level0FileNumCompactionTrigger, OptionType.Int, 4, "L0 files that start an L0 -> L1 compaction", Cf, Min: 1),
            new(Level0SlowdownWritesTrigger, OptionType.Int, 20, "L0 files that slow writes down", Cf, Min: 1),
            new(Level0StopWritesTrigger, OptionType.Int, 36, "L0 files that stop writes", Cf, Min: 1),
            new(MaxBytesForLevelBase, OptionType.Size, 256L << 20, "target size of L1, bytes", Cf, Min: 1 << 20),
            new(MaxBytesForLevelMultiplier, OptionType.Double, 10.0, "size ratio between adjacent levels", Cf, Min: 1, Max: 1000),
            new(TargetFileSizeBase, OptionType.Size, 64L << 20, "target SST size at L1, bytes", Cf, Min: 64 << 10),
            new(NumLevels, OptionType.Int, 7, "number of LSM levels", Cf, Min: 2, Max: 20),
            new(LevelCompactionDynamicLevelBytes, OptionType.Bool, false, "size levels from the bottom up (db_bench 7.8: false; RocksDB's default since 8.2: true)", Cf),
            new(BlockSize, OptionType.Size, 4096L, "uncompressed data block size, bytes", Cf, Min: 256, Max: 1 << 28),
            new(BloomBitsPerKey, OptionType.Double, 0.0, "full bloom filter bits per key; 0 = no filter (db_bench --bloom_bits default -1 = none)", Cf, Min: 0, Max: 100),
            new(Compression, OptionType.Choice, "none", "block compression of every level (db_bench default snappy; comparisons run with none)", Cf, Compressions),
            new(CompressionPerLevel, OptionType.String, "", "block compression per level, L0 first, separated by ':' (e.g. none:none:lz4:lz4:lz4:zstd:zstd, TiKV's); the last applies to the levels below; empty = compression everywhere", Cf),

            new(EnableBlobFiles, OptionType.Bool, blobDefaults, "integrated BlobDB: store values >= min_blob_size in blob files", Cf),
            new(MinBlobSize, OptionType.Size, 0L, "smallest value stored in a blob file, bytes (db_bench: 0)", Cf, Min: 0),
            new(BlobFileSize, OptionType.Size, 256L << 20, "blob file size, bytes (db_bench: 256 MB)", Cf, Min: 1 << 20),
            new(BlobCompressionType, OptionType.Choice, "none", "compression of each value in a blob file", Cf, Compressions),
            new(EnableBlobGarbageCollection, OptionType.Bool, blobDefaults, "relocate live blobs out of old blob files during compaction", Cf),
            new(BlobGarbageCollectionAgeCutoff, OptionType.Double, 0.25, "oldest fraction of blob files eligible for GC (db_bench: 0.25)", Cf, Min: 0, Max: 1),
            new(BlobGarbageCollectionForceThreshold, OptionType.Double, 1.0, "garbage ratio of the eligible files that forces a compaction (1.0 = never forced; db_bench: 1.0)", Cf, Min: 0, Max: 1),
            new(BlobFileStartingLevel, OptionType.Int, 0, "lowest LSM level whose output goes to blob files", Cf, Min: 0, Max: 20),
        ];
    }
}
