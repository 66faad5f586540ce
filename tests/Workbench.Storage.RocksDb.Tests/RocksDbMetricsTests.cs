using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;
using Workbench.Storage.RocksDb.Metrics;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>EngineMetrics.Io comes from RocksDB's tickers; checked against the files RocksDB actually wrote.</summary>
public sealed class RocksDbMetricsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D8}");

    [Fact]
    public void Wal_and_flush_bytes_match_the_log_and_the_table_files()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
        var cf = e.DefaultColumnFamily();
        var value = new byte[1000];
        for (var i = 0; i < 2000; i++) e.Put(cf, Key(i), value);
        var before = e.GetMetrics().Io;
        var user = 2000 * (11 + 1000);
        var wal = before.BytesWritten(WriteCategory.Wal);
        Assert.InRange(wal, user, user * 1.05); // WAL = batches + record headers
        Assert.Equal(2000, before.WriteOps(WriteCategory.Wal));
        Assert.Equal(0, before.BytesWritten(WriteCategory.Flush));
        e.Flush();
        var io = e.GetMetrics().Io;
        var sst = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length);
        // The flush job's IO counter also covers its MANIFEST record (~100 bytes).
        Assert.InRange(io.BytesWritten(WriteCategory.Flush), sst, sst + 1024);
        Assert.Equal(0, io.BytesWritten(WriteCategory.Blob));
    }

    [Fact]
    public void Blob_bytes_are_counted_once_apart_from_the_flushed_table_files()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open(RocksDbBlobEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
        var cf = e.DefaultColumnFamily();
        var value = new byte[4000];
        for (var i = 0; i < 1000; i++) e.Put(cf, Key(i), value);
        e.Flush();
        var io = e.GetMetrics().Io;
        var sst = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length);
        var blob = Directory.GetFiles(dir, "*.blob").Sum(f => new FileInfo(f).Length);
        Assert.True(blob > 4_000_000, $"blob files hold {blob} bytes");
        Assert.Equal(blob, io.BytesWritten(WriteCategory.Blob));
        Assert.InRange(io.BytesWritten(WriteCategory.Flush), sst, sst + 1024); // + its MANIFEST record, without the blob bytes
        Assert.Equal(0, io.BytesWritten(WriteCategory.BlobGc));
    }

    [Fact]
    public void Compaction_bytes_match_the_compaction_output()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
        var cf = e.DefaultColumnFamily();
        var value = new byte[500];
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++) e.Put(cf, Key(i), value);
            e.Flush();
        }
        var before = e.GetMetrics().Io;
        Assert.Equal(0, before.BytesWritten(WriteCategory.Compaction));
        e.CompactRange(cf);
        var io = e.GetMetrics().Io;
        var sst = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length); // the single compacted output
        Assert.InRange(io.BytesWritten(WriteCategory.Compaction), sst, sst + 1024);
    }

    [Fact]
    public void Ticker_lines_are_parsed_and_histograms_skipped()
    {
        const string text = "rocksdb.block.cache.miss COUNT : 12\nrocksdb.wal.bytes COUNT : 345\n" +
            "rocksdb.db.get.micros P50 : 1.0 P95 : 2.0 P99 : 3.0 P100 : 4.0 COUNT : 7 SUM : 9\nrocksdb.garbage COUNT : x\n";
        var t = TickerParser.Parse(text);
        Assert.Equal(2, t.Count);
        Assert.Equal(12, t["rocksdb.block.cache.miss"]);
        Assert.Equal(345, t["rocksdb.wal.bytes"]);
    }

    [Fact]
    public void Blob_bytes_are_split_out_of_the_job_tickers_without_double_counting_and_categories_never_shrink()
    {
        var acc = new TickerIoAccumulator();
        var t = new Dictionary<string, long>
        {
            [TickerNames.WalBytes] = 1000,
            [TickerNames.FlushWriteBytes] = 900, // a flush: 100 sst + 800 blob
            [TickerNames.BlobFileBytesWritten] = 800,
        };
        var r1 = acc.Update(t);
        Assert.Equal(1000, r1.BytesWritten(WriteCategory.Wal));
        Assert.Equal(100, r1.BytesWritten(WriteCategory.Flush));
        Assert.Equal(800, r1.BytesWritten(WriteCategory.Blob));
        Assert.Equal(1900, r1.TotalBytesWritten);

        t[TickerNames.CompactWriteBytes] = 500; // a compaction: 200 sst + 300 relocated blobs
        t[TickerNames.BlobFileBytesWritten] = 1100;
        var r2 = acc.Update(t);
        Assert.Equal(100, r2.BytesWritten(WriteCategory.Flush));
        Assert.Equal(800, r2.BytesWritten(WriteCategory.Blob));
        Assert.Equal(300, r2.BytesWritten(WriteCategory.BlobGc));
        Assert.Equal(200, r2.BytesWritten(WriteCategory.Compaction));
        Assert.Equal(1000 + 900 + 500, r2.TotalBytesWritten); // no blob byte counted twice

        // A reading taken while a compaction runs: its blob bytes are counted, its job ticker not yet.
        t[TickerNames.BlobFileBytesWritten] = 1400;
        var mid = acc.Update(t);
        t[TickerNames.CompactWriteBytes] = 810; // the job ends: 10 sst + the 300 blob bytes seen before
        var after = acc.Update(t);
        foreach (var c in WriteCategories.All)
        {
            Assert.True(mid.BytesWritten(c) >= r2.BytesWritten(c), $"{c} shrank");
            Assert.True(after.BytesWritten(c) >= mid.BytesWritten(c), $"{c} shrank");
        }
        Assert.Equal(600, after.BytesWritten(WriteCategory.BlobGc));
        Assert.Equal(210, after.BytesWritten(WriteCategory.Compaction));
        Assert.Equal(1000 + 900 + 810, after.TotalBytesWritten);
    }

    [Fact]
    public void Counters_include_every_ticker_and_engine_gauges()
    {
        using var e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, _temp.Sub("db"), ["default"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, Key(i), new byte[10]);
        var m = e.GetMetrics();
        // rocksdb.bytes.written counts write-batch bytes: 12-byte header + type, two length varints, key, value.
        Assert.Equal(100L * (12 + 1 + 1 + 11 + 1 + 10), m.Counters["rocksdb.bytes.written"]);
        Assert.True(m.Counters.ContainsKey("rocksdb.block.cache.miss"));
        Assert.True(m.Counters.ContainsKey("compaction.running"));
    }

    [Fact]
    public void Histogram_counts_are_parsed_and_ticker_lines_skipped()
    {
        const string text = "rocksdb.wal.bytes COUNT : 345\n" +
            "rocksdb.manifest.file.sync.micros P50 : 1.0 P95 : 2.0 P99 : 3.0 P100 : 4.0 COUNT : 7 SUM : 9\n" +
            "rocksdb.table.sync.micros P50 : 0.0 P95 : 0.0 P99 : 0.0 P100 : 0.0 COUNT : 0 SUM : 0\nrocksdb.garbage P50 : x COUNT : y SUM : z\n";
        var h = TickerParser.ParseHistogramCounts(text);
        Assert.Equal(new Dictionary<string, long> { ["rocksdb.manifest.file.sync.micros"] = 7, ["rocksdb.table.sync.micros"] = 0 }, h);
    }

    [Fact]
    public void File_syncs_manifest_syncs_and_info_log_bytes_are_counters()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
        var cf = e.DefaultColumnFamily();
        var before = e.GetMetrics().Counters;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++) e.Put(cf, Key(i), new byte[500]);
            e.Flush();
        }
        var flushed = e.GetMetrics().Counters;
        // One sync per flushed table file; each flush's version edit syncs the MANIFEST.
        Assert.Equal(3, flushed[HistogramNames.CountOf(HistogramNames.TableSyncMicros)] - before.GetValueOrDefault(HistogramNames.CountOf(HistogramNames.TableSyncMicros)));
        Assert.True(flushed[HistogramNames.CountOf(HistogramNames.ManifestFileSyncMicros)] - before.GetValueOrDefault(HistogramNames.CountOf(HistogramNames.ManifestFileSyncMicros)) >= 3);
        Assert.Equal(0, flushed.GetValueOrDefault(HistogramNames.CountOf(HistogramNames.CompactionOutfileSyncMicros)));
        e.CompactRange(cf);
        var m = e.GetMetrics().Counters;
        Assert.Equal(Directory.GetFiles(dir, "*.sst").Length, m[HistogramNames.CountOf(HistogramNames.CompactionOutfileSyncMicros)]); // the one compacted output
        // The info log is counted as the files hold it, and grew with the flushes and the compaction it logged.
        var log = new FileInfo(Path.Combine(dir, InfoLogFiles.Name)).Length;
        Assert.InRange(m[InfoLogFiles.CounterName], log, log + 1); // + LOG.old.* (none: opened once)
        Assert.True(m[InfoLogFiles.CounterName] > before[InfoLogFiles.CounterName], "flushes and compactions write info log lines");
    }
}
