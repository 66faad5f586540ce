using Workbench.Harness.Engines;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Measurement;

namespace Workbench.Harness.Tests.Bench;

/// <summary>db_bench's waitforcompaction: a write phase's compaction debt is counted in it, not in the next phase.</summary>
public sealed class CompactionWaitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-compactionwait-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    // Small memtables and levels, so 4 MiB of fillrandom leaves many flushes and compactions behind.
    private BenchOptions Options(string engine, string benchmarks, bool wait = true) => new()
    {
        Engine = new EngineConfig(engine, new Dictionary<string, string>
        {
            ["write_buffer_size"] = "65536",
            ["level0_file_num_compaction_trigger"] = "2",
            ["max_bytes_for_level_base"] = "1048576",
            ["target_file_size_base"] = "65536",
        }),
        Benchmarks = benchmarks.Split(','),
        Num = 20_000,
        KeySize = 16,
        ValueSize = 200,
        Db = _dir,
        ShowProgress = false,
        WaitForCompaction = wait,
    };

    [Theory]
    [InlineData("lsm")]
    [InlineData("titan")]
    [InlineData("rocksdb")]
    public void A_write_phase_waits_for_its_compactions_so_the_next_phase_writes_nothing(string engine)
    {
        var results = new BenchRunner(Options(engine, "fillrandom,readrandom,waitforcompaction"), EngineCatalog.Create()).Run();
        var (fill, read, wait) = (results[0], results[1], results[2]);
        Assert.True(fill.CompactionSettled, $"{engine}: fillrandom's compactions settled within the bound");
        Assert.True(fill.EngineIo.GetValueOrDefault("compaction") > 0, $"{engine}: the compactions fillrandom caused count in fillrandom");
        // Without the wait these bytes landed in readrandom (issue 21: 0.88x the overwrite's user bytes for the lsm).
        Assert.Equal(0, read.EngineIo.GetValueOrDefault("compaction"));
        Assert.Null(read.CompactionSettled); // a read phase does not wait
        Assert.True(wait.CompactionSettled);
        Assert.Equal(0, wait.Ops);
        Assert.Equal(0, wait.EngineIo.GetValueOrDefault("compaction"));
    }

    [Fact]
    public void Without_the_automatic_wait_the_named_benchmark_settles_what_the_write_left()
    {
        var results = new BenchRunner(Options("lsm", "fillrandom,waitforcompaction", wait: false), EngineCatalog.Create()).Run();
        Assert.Null(results[0].CompactionSettled);
        Assert.True(results[1].CompactionSettled);
        Assert.True(results[0].EngineIo.GetValueOrDefault("compaction") + results[1].EngineIo.GetValueOrDefault("compaction") > 0);
    }

    [Fact]
    public void A_wait_cut_short_reports_the_pending_bytes()
    {
        var r = CompactionWait.Wait(name => name switch
        {
            CompactionWait.PendingProperty => "1",
            CompactionWait.PendingBytesProperty => "12345",
            _ => null,
        }, TimeSpan.Zero);
        Assert.True(r.Supported);
        Assert.False(r.Settled);
        Assert.Equal(12345, r.PendingCompactionBytes);
    }

    [Fact]
    public void An_engine_without_background_compaction_has_nothing_to_wait_for()
    {
        var r = CompactionWait.Wait(_ => null, TimeSpan.FromSeconds(10));
        Assert.False(r.Supported);
        Assert.True(r.Settled);
        Assert.Null(r.PendingCompactionBytes);
    }
}
