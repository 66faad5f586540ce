namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// The engine's IO breakdown by write category, from RocksDB's tickers:
/// wal = rocksdb.wal.bytes; blob_gc = rocksdb.blobdb.gc.bytes.relocated (blobs rewritten by GC
/// during compaction); blob = rocksdb.blobdb.blob.file.bytes.written − blob_gc (blobs written at
/// flush); flush = rocksdb.flush.write.bytes − blob; compaction = rocksdb.compact.write.bytes −
/// blob_gc. The subtractions exist because RocksDB counts flush and compaction output by the
/// thread's IO counter, which includes the blob files those jobs write, while the blob ticker
/// counts them again. MANIFEST, OPTIONS and info-log writes have no ticker and are not included.
/// Stateless.
/// </summary>
internal static class TickerIoBreakdown
{
    public static IoSnapshot FromTickers(IReadOnlyDictionary<string, long> t)
    {
        var bytes = new long[WriteCategories.Count];
        var ops = new long[WriteCategories.Count];
        var blobTotal = Get(t, TickerNames.BlobFileBytesWritten);
        var blobGc = Math.Min(Get(t, TickerNames.BlobGcBytesRelocated), blobTotal);
        var blobFlush = blobTotal - blobGc;
        bytes[(int)WriteCategory.Wal] = Get(t, TickerNames.WalBytes);
        ops[(int)WriteCategory.Wal] = Get(t, TickerNames.WriteWithWal);
        bytes[(int)WriteCategory.Flush] = Math.Max(0, Get(t, TickerNames.FlushWriteBytes) - blobFlush);
        bytes[(int)WriteCategory.Compaction] = Math.Max(0, Get(t, TickerNames.CompactWriteBytes) - blobGc);
        bytes[(int)WriteCategory.Blob] = blobFlush;
        bytes[(int)WriteCategory.BlobGc] = blobGc;
        return new IoSnapshot(bytes, ops, Get(t, TickerNames.CompactReadBytes), 0, Get(t, TickerNames.WalSynced));
    }

    private static long Get(IReadOnlyDictionary<string, long> t, string name) => t.TryGetValue(name, out var v) ? v : 0;
}
