using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

public sealed class OptionsAndMetricsTests
{
    [Fact]
    public void Page_size_must_be_4_8_or_16_KiB_and_is_fixed_at_creation()
    {
        var fs = new MemoryFileSystem();
        Assert.Throws<EngineConfigException>(() => BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "12KiB" }));
        using (var e = BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "16KiB" }))
            e.Put(e.DefaultColumnFamily(), K(1), K("one"));
        var ex = Assert.Throws<EngineConfigException>(() => BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "4KiB" }));
        Assert.Contains("16384", ex.Message, StringComparison.Ordinal);
        using var r = (BTreeEngine)BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string>());
        Assert.Equal(16384, r.PageSize);
        Assert.Equal(K("one"), r.Get(r.DefaultColumnFamily(), K(1)));
    }

    [Fact]
    public void Metrics_break_bytes_down_into_wal_page_and_checkpoint_and_stats_describe_the_trees()
    {
        var fs = new MemoryFileSystem();
        using var e = BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var value = new byte[500];
        for (var i = 0; i < 2000; i++) e.Put(cf, K(i * 7919 % 2000), value);
        e.Flush();
        var m = e.GetMetrics();
        Assert.True(m.Io.BytesWritten(WriteCategory.Wal) > 2000 * 500);
        Assert.True(m.Io.BytesWritten(WriteCategory.Checkpoint) > 0);
        Assert.True(m.Io.BytesWritten(WriteCategory.Page) > 0, "a 16-page pool must write back dirty pages on eviction");
        Assert.Equal(0, m.Io.BytesWritten(WriteCategory.Other));
        Assert.True(m.Counters["btree.checkpoints"] >= 2);
        Assert.True(m.Counters["btree.checkpoint.pages_last"] > 0);
        Assert.True(m.Counters["btree.fill_factor_pct"] is > 30 and <= 100, $"fill factor {m.Counters["btree.fill_factor_pct"]}%");
        Assert.True(m.DiskBytes >= m.Counters["btree.pages.file"] * 4096);
        var stats = e.GetProperty("stats");
        Assert.NotNull(stats);
        Assert.Contains($"cf default: height {m.Counters["btree.height"]}, 2000 entries", stats, StringComparison.Ordinal);
        Assert.True(m.Counters["btree.height"] >= 2);
        Assert.Contains("space amp", stats, StringComparison.Ordinal);
        Assert.Null(e.GetProperty("no-such-property"));
    }

    [Fact]
    public void Writes_without_the_log_survive_a_clean_close()
    {
        var fs = new MemoryFileSystem();
        using (var e = BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string>()))
            for (var i = 0; i < 100; i++) e.Put(e.DefaultColumnFamily(), K(i), K($"v{i}"), new WriteOptions { DisableWal = true });
        using var r = BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string>());
        for (var i = 0; i < 100; i++) Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K(i)));
    }
}
