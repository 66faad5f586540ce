using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// RocksDB's pending-compaction-bytes write stalls: below the soft limit writes run free, above it
/// they are slowed to delayed_write_rate, above the hard limit they stop until compaction catches up —
/// and in every case every write lands.
/// </summary>
public class WriteStallTests
{
    private static Dictionary<string, string> Overrides(string soft, string hard, string rate = "4MB") => new()
    {
        ["soft_pending_compaction_bytes_limit"] = soft,
        ["hard_pending_compaction_bytes_limit"] = hard,
        ["delayed_write_rate"] = rate,
        ["level0_slowdown_writes_trigger"] = "1000",
        ["level0_stop_writes_trigger"] = "1000",
    };

    private static void WriteAndVerify(IKvEngine e, int n)
    {
        var cf = e.DefaultColumnFamily();
        var value = new byte[200];
        for (var i = 0; i < n; i++)
        {
            using var b = new WriteBatch();
            b.Put(cf, System.Text.Encoding.ASCII.GetBytes($"key{i % 700:D5}"), value);
            e.Write(b);
        }
        e.Flush();
        for (var i = 0; i < 700; i++) Assert.NotNull(e.Get(cf, System.Text.Encoding.ASCII.GetBytes($"key{i:D5}")));
    }

    [Fact]
    public void Above_the_soft_limit_writes_are_slowed_and_all_land()
    {
        // A slowdown is paid once 1 ms of delay is owed while pending bytes stay above the limit. At
        // 64 KB/s one ~210-byte write owes ~3 ms, so a single write that finds the limit passed is
        // slowed: the test does not depend on compaction lagging for many writes in a row (at 4 MB/s it
        // needed ~20, and a fast compaction on a quiet machine sometimes never left that window).
        // Compaction can still settle between every flush and the next write, so rounds repeat (bounded).
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db", overrides: Overrides("1KB", "0", rate: "64KB"));
        var c = e.GetMetrics().Counters;
        for (var round = 0; round < 10 && c["stall.slowdowns"] == 0; round++)
        {
            WriteAndVerify(e, 4000);
            c = e.GetMetrics().Counters;
        }
        Assert.True(c["stall.slowdowns"] > 0, "no slowdown in 40,000 writes although pending compaction bytes passed 1 KB");
        Assert.True(c["stall.micros"] > 0);
    }

    [Fact]
    public void Above_the_hard_limit_writes_stop_until_compaction_catches_up()
    {
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db", overrides: Overrides("0", "8KB"));
        WriteAndVerify(e, 4000);
        var c = e.GetMetrics().Counters;
        Assert.True(c["stall.stops"] > 0, "no stop although pending compaction bytes passed 8 KB");
    }

    [Fact]
    public void With_the_default_limits_a_small_database_never_stalls_on_pending_bytes()
    {
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["level0_slowdown_writes_trigger"] = "1000", ["level0_stop_writes_trigger"] = "1000", ["max_write_buffer_number"] = "64" });
        WriteAndVerify(e, 4000);
        var c = e.GetMetrics().Counters;
        Assert.Equal(0, c["stall.slowdowns"]);
        Assert.True(c.ContainsKey("compaction.pending_bytes"));
    }

    [Fact]
    public void A_soft_limit_above_the_hard_one_is_refused_with_a_clear_message()
    {
        var fs = new MemoryFileSystem();
        var ex = Assert.ThrowsAny<Exception>(() => LsmTestEngines.Open(fs, "/db", overrides: Overrides("2MB", "1MB")));
        Assert.Contains("soft_pending_compaction_bytes_limit", ex.Message);
    }
}
