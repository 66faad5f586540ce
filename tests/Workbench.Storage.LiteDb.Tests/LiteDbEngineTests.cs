using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>What is particular to "litedb": views on their own threads, long-key buckets past the 1021-byte _id limit, Flush under open views, metrics.</summary>
public sealed class LiteDbEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-litedb-" + Guid.NewGuid().ToString("N"));

    private string Dir => Path.Combine(_root, "db");

    [Fact]
    public async Task A_snapshot_taken_on_one_thread_reads_the_same_view_on_another()
    {
        using var e = LiteDbTestEngines.Open(Dir, ["default", "lock"]);
        var cf = e.DefaultColumnFamily();
        var lk = e.GetColumnFamily("lock");
        e.Put(cf, K("a"), K("1"));
        e.Put(lk, K("a"), K("1"));
        using var snap = e.GetSnapshot();
        e.Put(cf, K("a"), K("2")); // same thread as the snapshot's creator: must not join its transaction
        e.Delete(lk, K("a"));
        var ro = new ReadOptions { Snapshot = snap };
        var seen = await Task.Run(() => (e.Get(cf, K("a"), ro), e.Get(lk, K("a"), ro)));
        Assert.Equal(K("1"), seen.Item1);
        Assert.Equal(K("1"), seen.Item2);
        Assert.Equal(K("2"), e.Get(cf, K("a")));
        Assert.Null(e.Get(lk, K("a")));
        Assert.True(e.GetSnapshot().Sequence > snap.Sequence);
    }

    [Fact]
    public void Flush_with_an_open_snapshot_returns_and_keeps_the_view()
    {
        using var e = LiteDbTestEngines.Open(Dir, ["default"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 300; i++) e.Put(cf, K(i), new byte[500]);
        using var snap = e.GetSnapshot();
        e.Put(cf, K(0), K("new"));
        e.Flush(); // a checkpoint would wait for the snapshot's transaction: Flush only fsyncs the log then
        Assert.Equal(new byte[500], e.Get(cf, K(0), new ReadOptions { Snapshot = snap }));
        snap.Dispose();
        e.Flush(); // now idle: checkpoints
        Assert.True(e.GetMetrics().Counters["litedb.explicit_checkpoints"] >= 1);
    }

    [Fact]
    public void Keys_beyond_litedbs_1021_byte_id_limit_keep_memcmp_order_through_buckets()
    {
        var prefix = new byte[1024];
        Array.Fill(prefix, (byte)'p');
        byte[] Long(int length, byte last)
        {
            var k = prefix[..length];
            k[^1] = last;
            return k;
        }
        var keys = new[] { Long(1020, 1), Long(1021, 0), Long(1021, 9), Long(1022, 0), Long(1023, 5), Long(1024, 0), Long(1024, 0xFF), K("q") };
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        var e = LiteDbTestEngines.Open(Dir, ["default"]);
        try
        {
            var cf = e.DefaultColumnFamily();
            foreach (var k in keys.Reverse())
            {
                e.Put(cf, k, BigEndian(k.Length));
                model[k] = BigEndian(k.Length);
            }
            e.Dispose();
            e = LiteDbTestEngines.Open(Dir, ["default"]);
            cf = e.DefaultColumnFamily();
            ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "all long keys");
            foreach (var k in keys) Assert.Equal(BigEndian(k.Length), e.Get(cf, k));
            var sorted = model.Keys.ToArray();
            ModelAssert.ScanEquals(model, e, cf, new ReadOptions { LowerBound = sorted[3], UpperBound = sorted[6] }, "bounded inside a bucket");
            using (var it = e.NewIterator(cf))
            {
                it.Seek(Long(1023, 0));
                Assert.True(it.Valid);
                Assert.Equal(Long(1023, 5), it.Key.ToArray());
            }
            e.Delete(cf, Long(1023, 5));
            e.Delete(cf, Long(1024, 0));
            model.Remove(Long(1023, 5));
            model.Remove(Long(1024, 0));
            ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after deletes in a bucket");
        }
        finally
        {
            e.Dispose();
        }
    }

    [Fact]
    public void Metrics_report_the_data_and_log_files()
    {
        using var e = LiteDbTestEngines.Open(Dir, ["default"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 200; i++) e.Put(cf, K(i), new byte[200]);
        e.Put(cf, K("s"), K("v"), WriteOptions.Synced);
        var m = e.GetMetrics();
        Assert.True(m.DiskBytes >= 200 * 200, $"disk bytes {m.DiskBytes}");
        // The directory holds the data file, its log and the engine identity file.
        var identity = new FileInfo(Path.Combine(Dir, EngineIdentity.FileName)).Length;
        Assert.Equal(m.DiskBytes, m.Counters["litedb.data_file_bytes"] + m.Counters["litedb.log_file_bytes"] + identity);
        Assert.True(m.Io.Syncs >= 1);
        Assert.Contains("201 documents", e.GetProperty("stats"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // never created
        }
    }
}
