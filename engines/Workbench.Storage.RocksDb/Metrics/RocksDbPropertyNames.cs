namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>RocksDB's native property names the rocksdb engines read (GetIntProperty / GetProperty).</summary>
internal static class RocksDbPropertyNames
{
    public const string NumRunningCompactions = "rocksdb.num-running-compactions";
    public const string NumRunningFlushes = "rocksdb.num-running-flushes";
    public const string EstimateNumKeys = "rocksdb.estimate-num-keys";
    public const string LiveSstFilesSize = "rocksdb.live-sst-files-size";
    public const string TotalBlobFileSize = "rocksdb.total-blob-file-size";
    public const string LiveBlobFileSize = "rocksdb.live-blob-file-size";
    public const string ActualDelayedWriteRate = "rocksdb.actual-delayed-write-rate";
    public const string Stats = "rocksdb.stats";
    public const string Cfstats = "rocksdb.cfstats";
    public const string EstimatePendingCompactionBytes = "rocksdb.estimate-pending-compaction-bytes";
    public const string CompactionPending = "rocksdb.compaction-pending";
    public const string MemTableFlushPending = "rocksdb.mem-table-flush-pending";
}
