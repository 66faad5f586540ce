namespace Workbench.Storage.Metrics;

/// <summary>Engine-neutral names <see cref="Contract.IKvEngine.GetProperty"/> answers ("stats" every engine; the compaction ones db_bench's waitforcompaction polls).</summary>
public static class PropertyNames
{
    /// <summary><c>stats</c></summary>
    public const string Stats = "stats";
    /// <summary><c>rocksdb.stats</c>: RocksDB's name for <see cref="Stats"/>, which the native LSM answers too (db_bench scripts ask for it).</summary>
    public const string RocksDbStats = "rocksdb.stats";
    /// <summary><c>sstables</c></summary>
    public const string Sstables = "sstables";
    /// <summary><c>compaction-pending</c></summary>
    public const string CompactionPending = "compaction-pending";
    /// <summary><c>pending-compaction-bytes</c></summary>
    public const string PendingCompactionBytes = "pending-compaction-bytes";
    /// <summary><c>num-files-at-level</c></summary>
    public const string NumFilesAtLevel = "num-files-at-level";
}
