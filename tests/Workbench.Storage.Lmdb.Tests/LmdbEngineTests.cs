using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>What is particular to "lmdb": map growth under open views, long-key buckets, metrics.</summary>
public sealed class LmdbEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-lmdb-" + Guid.NewGuid().ToString("N"));

    private string Dir => Path.Combine(_root, "db");

    [Fact]
    public void The_map_grows_while_a_snapshot_and_an_iterator_stay_usable()
    {
        using var e = LmdbTestEngines.Open(Dir, ["default"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, K(i), K($"old{i}"));
        using var snap = e.GetSnapshot();
        using var it = e.NewIterator(cf);
        it.SeekToFirst();
        Assert.Equal(K(0), it.Key.ToArray());
        var big = new byte[4000];
        for (var i = 0; i < 2000; i++) e.Put(cf, K(i), big); // ~8 MB through a 1 MiB map
        Assert.True(e.GetMetrics().Counters["lmdb.map_resizes"] > 0, "the map never grew");
        for (var n = 1; n < 100; n++)
        {
            it.Next();
            Assert.True(it.Valid);
            Assert.Equal(K(n), it.Key.ToArray());
            Assert.Equal(K($"old{n}"), it.Value.ToArray());
        }
        it.Next();
        Assert.False(it.Valid);
        Assert.Equal(K("old5"), e.Get(cf, K(5), new ReadOptions { Snapshot = snap }));
        Assert.Equal(big, e.Get(cf, K(5)));
    }

    [Fact]
    public void Keys_beyond_lmdbs_511_byte_limit_keep_memcmp_order_through_buckets()
    {
        var prefix = new byte[600];
        Array.Fill(prefix, (byte)'p');
        byte[] Long(int length, byte last)
        {
            var k = new byte[length];
            prefix.AsSpan(0, Math.Min(length, prefix.Length)).CopyTo(k);
            k[^1] = last;
            return k;
        }
        var keys = new[] { Long(509, 1), Long(510, 0), Long(510, 9), Long(511, 0), Long(700, 5), Long(1024, 0), Long(1024, 0xFF), K("q") };
        var sorted = keys.OrderBy(k => k, Encoding.ByteKeyComparer.Instance).ToArray();
        var e = LmdbTestEngines.Open(Dir, ["default"]);
        try
        {
            var cf = e.DefaultColumnFamily();
            foreach (var k in keys.Reverse()) e.Put(cf, k, BigEndian(k.Length));
            e.Dispose();
            e = LmdbTestEngines.Open(Dir, ["default"]);
            cf = e.DefaultColumnFamily();
            var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
            foreach (var k in keys) model[k] = BigEndian(k.Length);
            ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "all long keys");
            foreach (var k in keys) Assert.Equal(BigEndian(k.Length), e.Get(cf, k));
            Assert.Null(e.Get(cf, Long(800, 1)));
            // bounds and seeks that fall inside a bucket
            ModelAssert.ScanEquals(model, e, cf, new ReadOptions { LowerBound = sorted[3], UpperBound = sorted[6] }, "bounded inside a bucket");
            using (var it = e.NewIterator(cf))
            {
                it.Seek(Long(800, 0));
                Assert.True(it.Valid);
                Assert.Equal(model.Keys.First(k => Encoding.ByteKeyComparer.Instance.Compare(k, Long(800, 0)) >= 0), it.Key.ToArray());
            }
            e.Delete(cf, Long(700, 5));
            e.Delete(cf, Long(1024, 0));
            model.Remove(Long(700, 5));
            model.Remove(Long(1024, 0));
            ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after deletes in a bucket");
        }
        finally
        {
            e.Dispose();
        }
    }

    [Fact]
    public void Metrics_report_files_on_disk_and_btree_pages()
    {
        using var e = LmdbTestEngines.Open(Dir, ["default", "lock"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 500; i++) e.Put(cf, K(i), new byte[100]);
        e.Put(cf, K("s"), K("v"), WriteOptions.Synced);
        var m = e.GetMetrics();
        Assert.True(m.DiskBytes >= 500 * 100, $"disk bytes {m.DiskBytes}");
        Assert.Equal(501, m.Counters["lmdb.entries"]);
        Assert.True(m.Counters["lmdb.leaf_pages"] > 1);
        Assert.True(m.Io.Syncs >= 1);
        Assert.Contains("LMDB 0.9", e.GetProperty("stats"), StringComparison.Ordinal);
        Assert.Null(e.GetProperty("no-such-property"));
    }

    [Fact]
    public void A_bad_option_is_one_clear_line()
    {
        var ex = Assert.Throws<EngineConfigException>(() => LmdbTestEngines.Open(Dir, ["default"], new Dictionary<string, string> { ["map_size"] = "lots" }));
        Assert.Contains("map_size", ex.Message, StringComparison.Ordinal);
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
