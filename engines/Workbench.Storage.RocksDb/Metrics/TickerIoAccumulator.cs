using Workbench.Storage.Metrics;

namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// Builds the engine's IO breakdown by write category from RocksDB's tickers, keeping it monotonic.
///
/// What the tickers mean (RocksDB 7.8, and again 11.12: checked against the files written, see RocksDbMetricsTests):
/// rocksdb.wal.bytes = WAL bytes; rocksdb.flush.write.bytes and rocksdb.compact.write.bytes = every
/// byte the flush / compaction jobs wrote, i.e. their SSTs (plus a MANIFEST record) AND the blob
/// files they wrote; rocksdb.blobdb.blob.file.bytes.written = all blob file bytes, counted again.
/// Adding the four would double count blobs, so blob bytes are split out of the job tickers:
/// blobs are attributed to flushes first (at most what flushes wrote) and the rest, written by
/// compactions (blob GC relocation), to blob_gc. The GC ticker rocksdb.blobdb.gc.bytes.relocated is
/// not used for the split: it counts relocated value bytes, is recorded at a different moment than
/// the job tickers, and disagrees with the bytes compactions wrote by up to 2x in our runs.
///
/// The split is done per interval between two readings and accumulated, so every category only
/// grows. A compaction's blob bytes can be counted before its job ticker (a reading taken while it
/// runs): they are then held as "pending" and subtracted from the compaction ticker when it
/// arrives, so nothing is counted twice; the total is wal + flush + compaction tickers + pending
/// (the blob bytes of jobs still running, which are on disk already). The harness reads after
/// Flush() returned, so in-flight flushes (whose blobs would be misread as GC) do not occur there.
/// MANIFEST/OPTIONS/info-LOG writes outside jobs have no ticker and are not included.
/// Thread-safe (one lock; called rarely).
/// </summary>
internal sealed class TickerIoAccumulator
{
    private readonly Lock _lock = new();
    private readonly long[] _bytes = new long[WriteCategories.Count];
    private long _wal, _flush, _compact, _blob; // raw tickers at the last reading
    private long _pendingGc; // blob bytes attributed to compactions whose job ticker has not arrived yet

    public IoSnapshot Update(IReadOnlyDictionary<string, long> tickers)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        var wal = Get(tickers, TickerNames.WalBytes);
        var flush = Get(tickers, TickerNames.FlushWriteBytes);
        var compact = Get(tickers, TickerNames.CompactWriteBytes);
        var blob = Get(tickers, TickerNames.BlobFileBytesWritten);
        lock (_lock)
        {
            var dWal = Math.Max(0, wal - _wal);
            var dFlush = Math.Max(0, flush - _flush);
            var dCompact = Math.Max(0, compact - _compact);
            var dBlob = Math.Max(0, blob - _blob);
            var blobByFlush = Math.Min(dBlob, dFlush);
            var blobByCompaction = dBlob - blobByFlush;
            _bytes[(int)WriteCategory.Wal] += dWal;
            _bytes[(int)WriteCategory.Flush] += dFlush - blobByFlush;
            _pendingGc += blobByCompaction;
            var matched = Math.Min(_pendingGc, dCompact);
            _pendingGc -= matched;
            _bytes[(int)WriteCategory.Compaction] += dCompact - matched;
            _bytes[(int)WriteCategory.Blob] += blobByFlush;
            _bytes[(int)WriteCategory.BlobGc] += blobByCompaction;
            (_wal, _flush, _compact, _blob) = (Math.Max(wal, _wal), Math.Max(flush, _flush), Math.Max(compact, _compact), Math.Max(blob, _blob));
            var ops = new long[WriteCategories.Count];
            ops[(int)WriteCategory.Wal] = Get(tickers, TickerNames.WriteWithWal);
            return new IoSnapshot((long[])_bytes.Clone(), ops, Get(tickers, TickerNames.CompactReadBytes), 0, Get(tickers, TickerNames.WalSynced));
        }
    }

    private static long Get(IReadOnlyDictionary<string, long> t, string name) => t.TryGetValue(name, out var v) ? v : 0;
}
