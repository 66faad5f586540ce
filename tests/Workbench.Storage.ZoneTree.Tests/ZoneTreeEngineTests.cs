using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>What is particular to "zonetree": column families as prefixes of one tree, merges, metrics.</summary>
public sealed class ZoneTreeEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-zonetree-" + Guid.NewGuid().ToString("N"));

    private string Dir => Path.Combine(_root, "db");

    [Fact]
    public void Reopening_with_column_families_in_another_order_keeps_each_ones_data()
    {
        var e = ZoneTreeTestEngines.Open(Dir, ["default", "lock"]);
        try
        {
            e.Put(e.GetColumnFamily("default"), K("k"), K("in-default"));
            e.Put(e.GetColumnFamily("lock"), K("k"), K("in-lock"));
            e.Dispose();
            e = ZoneTreeTestEngines.Open(Dir, ["write", "lock", "default"]);
            Assert.Equal(K("in-default"), e.Get(e.GetColumnFamily("default"), K("k")));
            Assert.Equal(K("in-lock"), e.Get(e.GetColumnFamily("lock"), K("k")));
            Assert.Null(e.Get(e.GetColumnFamily("write"), K("k")));
            using var it = e.NewIterator(e.GetColumnFamily("write"));
            it.SeekToFirst();
            Assert.False(it.Valid);
        }
        finally
        {
            e.Dispose();
        }
    }

    [Fact]
    public void Flush_merges_into_the_disk_segment_and_metrics_show_it()
    {
        using var e = ZoneTreeTestEngines.Open(Dir, ["default"]);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 3000; i++) e.Put(cf, K(i), new byte[100]);
        e.Flush();
        var m = e.GetMetrics();
        Assert.True(m.Counters["zonetree.merges"] >= 1, "no merge ran");
        Assert.True(m.Counters["zonetree.segment_bytes_on_disk"] > 0);
        Assert.Equal(m.DiskBytes, m.Counters["zonetree.segment_bytes_on_disk"] + m.Counters["zonetree.wal_bytes_on_disk"]);
        Assert.Contains("zonetree.merges", e.GetProperty("stats"), StringComparison.Ordinal);
        for (var i = 0; i < 3000; i += 97) Assert.Equal(new byte[100], e.Get(cf, K(i)));
    }

    [Fact]
    public void A_bad_option_is_one_clear_line()
    {
        var ex = Assert.Throws<EngineConfigException>(() => ZoneTreeTestEngines.Open(Dir, ["default"], new Dictionary<string, string> { ["wal_mode"] = "none" }));
        Assert.Contains("wal_mode", ex.Message, StringComparison.Ordinal);
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
