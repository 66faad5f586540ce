namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>Names of the RocksDB statistics tickers the IO breakdown is built from (the same in 7.8 and 11.12).</summary>
internal static class TickerNames
{
    public const string BytesWritten = "rocksdb.bytes.written";
    public const string WalBytes = "rocksdb.wal.bytes";
    public const string WalSynced = "rocksdb.wal.synced";
    public const string WriteWithWal = "rocksdb.write.wal";
    public const string FlushWriteBytes = "rocksdb.flush.write.bytes";
    public const string CompactWriteBytes = "rocksdb.compact.write.bytes";
    public const string CompactReadBytes = "rocksdb.compact.read.bytes";
    public const string BlobFileBytesWritten = "rocksdb.blobdb.blob.file.bytes.written";
    public const string BlobGcBytesRelocated = "rocksdb.blobdb.gc.bytes.relocated";
}
