using System.Globalization;
using System.Text;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// The LSM's counters and text properties ("stats" like rocksdb.stats, "sstables") from a version,
/// the engine's statistics, block cache and IO counters. Any thread (reads racy counters; a version is immutable).
/// </summary>
internal sealed class LsmStatsReport
{
    private readonly ColumnFamilyState[] _cfs;
    private readonly CountingFileSystem _fs;
    private readonly LsmStatistics _stats;
    private readonly LruBlockCache _cache;

    public LsmStatsReport(ColumnFamilyState[] cfs, CountingFileSystem fs, LsmStatistics stats, LruBlockCache cache)
    {
        _cfs = cfs;
        _fs = fs;
        _stats = stats;
        _cache = cache;
    }

    /// <summary>The engine's counters and per-level sizes (EngineMetrics' names).</summary>
    public Dictionary<string, long> Counters(LsmVersion v, int snapshots)
    {
        var counters = new Dictionary<string, long>
        {
            [CounterNames.UserBytesWritten] = _stats.Get(LsmStatistics.Ticker.UserBytesWritten),
            [CounterNames.UserKeysWritten] = _stats.Get(LsmStatistics.Ticker.KeysWritten),
            [CounterNames.WriteGroups] = _stats.Get(LsmStatistics.Ticker.WriteGroups),
            [CounterNames.WalSyncs] = _stats.Get(LsmStatistics.Ticker.WalSyncs),
            [CounterNames.FlushCount] = _stats.Get(LsmStatistics.Ticker.FlushCount),
            [CounterNames.FlushMicros] = _stats.Get(LsmStatistics.Ticker.FlushMicros),
            [CounterNames.CompactionCount] = _stats.Get(LsmStatistics.Ticker.CompactionCount),
            [CounterNames.CompactionMicros] = _stats.Get(LsmStatistics.Ticker.CompactionMicros),
            [CounterNames.CompactionTrivialMoves] = _stats.Get(LsmStatistics.Ticker.TrivialMoveCount),
            [CounterNames.StallMicros] = _stats.Get(LsmStatistics.Ticker.StallMicros),
            [CounterNames.StallSlowdowns] = _stats.Get(LsmStatistics.Ticker.SlowdownCount),
            [CounterNames.StallStops] = _stats.Get(LsmStatistics.Ticker.StopCount),
            [CounterNames.BlockCacheHit] = _cache.Hits,
            [CounterNames.BlockCacheMiss] = _cache.Misses,
            [CounterNames.BlockCacheUsage] = _cache.Usage,
            [CounterNames.BloomUseful] = _stats.Get(LsmStatistics.Ticker.BloomUseful),
            [CounterNames.BloomChecked] = _stats.Get(LsmStatistics.Ticker.BloomChecked),
            [CounterNames.GetCount] = _stats.Get(LsmStatistics.Ticker.GetCount),
            [CounterNames.GetMemtableHits] = _stats.Get(LsmStatistics.Ticker.MemtableHits),
            // RocksDB's number.block.compressed / not_compressed / decompressed and bytes.compressed.from / to.
            [CounterNames.BlockCompressed] = _stats.Get(LsmStatistics.Ticker.BlocksCompressed),
            [CounterNames.BlockNotCompressed] = _stats.Get(LsmStatistics.Ticker.BlocksNotCompressed),
            [CounterNames.BlockDecompressed] = _stats.Get(LsmStatistics.Ticker.BlocksDecompressed),
            [CounterNames.BytesCompressedFrom] = _stats.Get(LsmStatistics.Ticker.BytesCompressedFrom),
            [CounterNames.BytesCompressedTo] = _stats.Get(LsmStatistics.Ticker.BytesCompressedTo),
            [CounterNames.BytesDecompressed] = _stats.Get(LsmStatistics.Ticker.BytesDecompressed),
            [CounterNames.Snapshots] = snapshots,
            [FlushCounterNames.InputEntries] = _stats.Get(LsmStatistics.Ticker.FlushInputEntries),
            [FlushCounterNames.InputMemoryBytes] = _stats.Get(LsmStatistics.Ticker.FlushInputMemoryBytes),
            [FlushCounterNames.WriteBufferFull] = _stats.Get(LsmStatistics.Ticker.MemtableFullSwitches),
            [FlushCounterNames.WriteBufferFullEntries] = _stats.Get(LsmStatistics.Ticker.MemtableFullSwitchEntries),
            [WritePathCounterNames.Batches] = _stats.Get(LsmStatistics.Ticker.WriteBatches),
            [WritePathCounterNames.QueueWaitMicros] = Micros(LsmStatistics.Ticker.WriteQueueWaitTicks),
            [WritePathCounterNames.WalMicros] = Micros(LsmStatistics.Ticker.WriteWalTicks),
            [WritePathCounterNames.MemtableMicros] = Micros(LsmStatistics.Ticker.WriteMemtableTicks),
            [WritePathCounterNames.PublishWaitMicros] = Micros(LsmStatistics.Ticker.WritePublishWaitTicks),
        };
        for (var c = 0; c < _cfs.Length; c++)
        {
            var prefix = c == 0 ? "" : _cfs[c].Name + ".";
            for (var l = 0; l < v.NumLevels(c); l++)
            {
                counters[$"{prefix}level.{l}.files"] = v.Files[c][l].Length;
                counters[$"{prefix}level.{l}.bytes"] = v.LevelBytes(c, l);
            }
        }
        return counters;
    }

    private long Micros(LsmStatistics.Ticker t) => (long)(_stats.Get(t) * 1e6 / System.Diagnostics.Stopwatch.Frequency);

    public static long TotalTableBytes(LsmVersion v)
    {
        long sum = 0;
        for (var c = 0; c < v.Files.Length; c++)
            for (var l = 0; l < v.NumLevels(c); l++) sum += v.LevelBytes(c, l);
        return sum;
    }

    public long DiskBytes(string dir) => DirectorySize.Of(_fs, dir);

    public string SsTables(LsmVersion v)
    {
        var sb = new StringBuilder();
        for (var c = 0; c < _cfs.Length; c++)
            for (var l = 0; l < v.NumLevels(c); l++)
                foreach (var f in v.Files[c][l])
                    sb.Append(CultureInfo.InvariantCulture, $"{_cfs[c].Name} L{l} #{f.Number} {f.Size} bytes seq [{f.SmallestSequence}, {f.LargestSequence}]\n");
        return sb.ToString();
    }

    /// <summary>
    /// A per-level table like rocksdb.stats. Read(MB) = Rn + Rnp1 (bytes read from the input and output
    /// level), Write(MB) = bytes written into the level, W-Amp = Write / Rn for compactions into the
    /// level (flush into L0: 1.0); Moved(MB) = trivially moved. Sum W-Amp = (flush + compaction bytes) / user bytes.
    /// Level sizes and file counts are per column family; flow figures are engine-wide.
    /// </summary>
    public string Stats(LsmVersion v)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var levels = v.NumLevels(0);
        for (var c = 0; c < _cfs.Length; c++)
        {
            sb.Append(inv, $"** Compaction Stats [{_cfs[c].Name}] **\n");
            sb.Append("Level  Files  Size(MB)  Score  Read(MB)  Rn(MB)  Rnp1(MB)  Write(MB)  Moved(MB)  W-Amp  Comp(sec)  Comp(cnt)\n");
            long totalFiles = 0, totalBytes = 0;
            for (var l = 0; l < v.NumLevels(c); l++)
            {
                var files = v.Files[c][l].Length;
                var bytes = v.LevelBytes(c, l);
                totalFiles += files;
                totalBytes += bytes;
                var score = l < v.NumLevels(c) - 1 ? CompactionPicker.Score(_cfs[c], v, l) : 0;
                if (c == 0) AppendLevelRow(sb, $"L{l}", files, bytes, score, l);
                else sb.Append(inv, $"{"L" + l,-5}  {files,5}  {Mb(bytes),8}  {score,5:F2}\n");
            }
            sb.Append(inv, $"{"Sum",-5}  {totalFiles,5}  {Mb(totalBytes),8}\n");
        }
        var io = _fs.Counters.Snapshot();
        var user = _stats.Get(LsmStatistics.Ticker.UserBytesWritten);
        var flush = io.BytesWritten(WriteCategory.Flush);
        var compaction = io.BytesWritten(WriteCategory.Compaction);
        var wal = io.BytesWritten(WriteCategory.Wal);
        var manifest = io.BytesWritten(WriteCategory.Manifest);
        long totalComp = 0, totalCount = 0;
        for (var l = 0; l < levels; l++)
        {
            totalComp += _stats.LevelMicros(l);
            totalCount += _stats.LevelCount(l);
        }
        sb.Append(inv, $"Sum (all levels): write {Mb(flush + compaction)} MB, W-Amp {Ratio(flush + compaction, user)}, comp {totalComp / 1e6:F1} s, {totalCount} jobs\n");
        sb.Append(inv, $"Cumulative writes: {_stats.Get(LsmStatistics.Ticker.KeysWritten)} keys, {Mb(user)} MB user bytes, {_stats.Get(LsmStatistics.Ticker.WriteGroups)} write groups, {_stats.Get(LsmStatistics.Ticker.WalSyncs)} WAL syncs\n");
        sb.Append(inv, $"Cumulative WAL: {Mb(wal)} MB written\n");
        sb.Append(inv, $"Bytes by category (MB): wal {Mb(wal)}, flush {Mb(flush)}, compaction {Mb(compaction)}, manifest {Mb(manifest)}; total {Mb(io.TotalBytesWritten)}; engine WA {Ratio(io.TotalBytesWritten, user)}\n");
        if (_stats.Get(LsmStatistics.Ticker.BlocksCompressed) + _stats.Get(LsmStatistics.Ticker.BlocksNotCompressed) > 0)
            sb.Append(inv, $"Compression: {_stats.Get(LsmStatistics.Ticker.BlocksCompressed)} blocks compressed ({Mb(_stats.Get(LsmStatistics.Ticker.BytesCompressedFrom))} MB -> {Mb(_stats.Get(LsmStatistics.Ticker.BytesCompressedTo))} MB), {_stats.Get(LsmStatistics.Ticker.BlocksNotCompressed)} kept raw (saved < 1/8); {_stats.Get(LsmStatistics.Ticker.BlocksDecompressed)} blocks decompressed\n");
        sb.Append(inv, $"Stalls: {_stats.Get(LsmStatistics.Ticker.StallMicros) / 1e6:F3} s ({_stats.Get(LsmStatistics.Ticker.SlowdownCount)} slowdowns, {_stats.Get(LsmStatistics.Ticker.StopCount)} stop waits)\n");
        sb.Append(inv, $"Block cache: {_cache.Hits} hits, {_cache.Misses} misses, {Mb(_cache.Usage)} / {Mb(_cache.Capacity)} MB; bloom: {_stats.Get(LsmStatistics.Ticker.BloomUseful)} useful, {_stats.Get(LsmStatistics.Ticker.BloomChecked)} checked\n");
        return sb.ToString();
    }

    private void AppendLevelRow(StringBuilder sb, string label, long files, long bytes, double score, int l)
    {
        var rn = _stats.LevelReadN(l);
        var rnp1 = _stats.LevelReadNp1(l);
        var w = _stats.LevelWritten(l);
        var wamp = l == 0 ? (w > 0 ? "1.0" : "0.0") : Ratio(w, rn);
        sb.Append(CultureInfo.InvariantCulture,
            $"{label,-5}  {files,5}  {Mb(bytes),8}  {score,5:F2}  {Mb(rn + rnp1),8}  {Mb(rn),6}  {Mb(rnp1),8}  {Mb(w),9}  {Mb(_stats.LevelMoved(l)),9}  {wamp,5}  {_stats.LevelMicros(l) / 1e6,9:F1}  {_stats.LevelCount(l),9}\n");
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Ratio(long a, long b) => b == 0 ? "0.0" : ((double)a / b).ToString("F2", CultureInfo.InvariantCulture);
}
