using Workbench.Harness.Engines;
using Workbench.Storage.Errors;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Tests.Bench;

public sealed class BenchRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-benchtest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private BenchOptions Options(string benchmarks, Dictionary<string, string>? engineOptions = null, int threads = 1) => new()
    {
        Engine = new EngineConfig("memory", engineOptions),
        Benchmarks = benchmarks.Split(','),
        Num = 5000,
        KeySize = 16,
        ValueSize = 200,
        Threads = threads,
        Db = _dir,
        ShowProgress = false,
    };

    [Fact]
    public void Every_benchmark_runs_with_db_bench_semantics()
    {
        var results = new BenchRunner(Options("fillseq,readseq,readrandom,fillrandom,overwrite,seekrandom,readwhilewriting,deleterandom"), EngineCatalog.Create()).Run();
        var r = results.ToDictionary(x => x.Benchmark);
        Assert.Equal(8, results.Count);
        Assert.Equal(5000, r["fillseq"].Ops);
        Assert.Equal(5000, r["readseq"].Found); // fillseq wrote every key
        Assert.Equal(5000, r["readrandom"].Found); // after fillseq every key exists
        Assert.Equal(5000L * 216, r["fillseq"].UserBytesWritten);
        Assert.Equal(5000L * 216, r["fillseq"].LiveBytes);
        // fillrandom starts fresh and draws keys with repetition: about 1 - 1/e of the key space is live
        Assert.InRange(r["fillrandom"].LiveBytes / 216, 2900, 3400);
        // overwrite and fillrandom left about 1 - 1/e² of the key space: reads drawn with fresh seeds miss the rest
        var afterRandomFills = new BenchRunner(Options("fillrandom,overwrite,readrandom"), EngineCatalog.Create()).Run()[2];
        Assert.InRange(afterRandomFills.Found!.Value, 4000, 4600);
        Assert.True(r["seekrandom"].Found > 0);
        Assert.True(r["readwhilewriting"].UserBytesWritten > 0, "the extra writer thread wrote while readers read");
        Assert.True(r["deleterandom"].LiveBytes < r["overwrite"].LiveBytes);
        foreach (var x in results)
        {
            Assert.True(x.OpsPerSec > 0);
            Assert.True(x.LatencyMicros["p50"] <= x.LatencyMicros["p99"] && x.LatencyMicros["p99"] <= x.LatencyMicros["max"]);
        }
    }

    [Fact]
    public void A_durable_engine_reports_device_and_engine_write_amplification()
    {
        var results = new BenchRunner(Options("fillrandom", new() { ["durable"] = "true" }, threads: 2), EngineCatalog.Create()).Run();
        var r = Assert.Single(results);
        Assert.Equal(5000, r.Ops);
        Assert.True(r.EngineIo.ContainsKey("wal"));
        Assert.True(r.EngineIo.ContainsKey("checkpoint"), "bench flushes the engine before reading device bytes");
        Assert.NotNull(r.WriteAmp);
        Assert.True(r.EngineWriteAmp > 1, $"engine WA {r.EngineWriteAmp}: WAL plus checkpoint exceed the user bytes");
        Assert.True(r.DeviceBytesWritten >= r.EngineIo.Values.Sum() * 0.9, $"device {r.DeviceBytesWritten} vs engine {r.EngineIo.Values.Sum()}");
        Assert.NotNull(r.SpaceAmp);
    }

    [Fact]
    public void Results_carry_the_histogram_into_matrix_phases()
    {
        var r = Assert.Single(new BenchRunner(Options("fillrandom"), EngineCatalog.Create()).Run());
        Assert.Equal(5000, r.Histogram!.Count);
        var phase = Workbench.Harness.Matrix.CellExecutor.FromBench(r);
        var op = phase.Operations["FILLRANDOM"];
        Assert.Equal(5000, op.Count);
        Assert.False(double.IsNaN(op.P90), "the full histogram gives every percentile");
        var back = op.ToHistogram()!;
        Assert.Equal(5000, back.Count);
        Assert.Equal(r.Histogram.ValueAtPercentile(99.9), back.ValueAtPercentile(99.9));
    }

    [Fact]
    public void Each_result_carries_the_process_peak_rss_so_far_into_the_json()
    {
        var results = new BenchRunner(Options("fillrandom,readrandom"), EngineCatalog.Create()).Run();
        if (!OperatingSystem.IsLinux()) return; // VmHWM is Linux's; elsewhere the field may be null
        var (fill, read) = (results[0], results[1]);
        // The bench process maps the runtime and holds the memtable's 5000 × 216 bytes: well over 1 MiB.
        Assert.True(fill.PeakRssBytes > 1 << 20, $"peak rss {fill.PeakRssBytes}");
        Assert.True(read.PeakRssBytes >= fill.PeakRssBytes, "a peak so far never shrinks");
        using var doc = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(results));
        Assert.Equal(read.PeakRssBytes, doc.RootElement[1].GetProperty("peak_rss_bytes").GetInt64());
    }

    [Fact]
    public void Bad_parameters_are_usage_errors_and_bad_engines_config_errors()
    {
        Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("fillrandom") with { Num = 0 }, EngineCatalog.Create()));
        Assert.Contains("--compression-ratio", Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("fillrandom") with { CompressionRatio = 0 }, EngineCatalog.Create())).Message, StringComparison.Ordinal);
        Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("fillrandom,bogus"), EngineCatalog.Create()).Run());
        Assert.Throws<EngineConfigException>(() => new BenchRunner(Options("fillrandom") with { Engine = new EngineConfig("nope") }, EngineCatalog.Create()).Run());
    }

    [Fact]
    public void Slow_ops_lists_the_slowest_operations_and_is_off_by_default()
    {
        var results = new BenchRunner(Options("fillrandom,readrandom,readwhilewriting") with { SlowOps = 4, Reads = 2000, WarmupReads = 50 }, EngineCatalog.Create()).Run();
        foreach (var r in results)
        {
            var slow = r.SlowOps!;
            Assert.Equal(4, slow.Count);
            for (var i = 1; i < slow.Count; i++) Assert.True(slow[i - 1].Micros >= slow[i].Micros);
            // The slowest kept operation is the histogram's max (both from the same two timestamps).
            Assert.True(Math.Abs(slow[0].Micros - r.LatencyMicros["max"]) <= 1, $"{r.Benchmark}: {slow[0].Micros} vs {r.LatencyMicros["max"]}");
            Assert.All(slow, o => Assert.InRange(o.Ordinal, 0, r.Ops - 1));
            Assert.Equal(r.Benchmark == "fillrandom" ? 5000 : 2000, r.Ops); // the warm-up reads are not counted
        }
        var off = new BenchRunner(Options("fillrandom"), EngineCatalog.Create()).Run();
        Assert.Null(off[0].SlowOps);
        Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("readrandom") with { WarmupReads = -1 }, EngineCatalog.Create()));
        Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("readrandom") with { SlowOps = -1 }, EngineCatalog.Create()));
    }

    [Fact]
    public void Db_bench_keys_sort_in_numeric_order()
    {
        var a = new byte[16];
        var b = new byte[16];
        DbBenchKeys.Write(255, a);
        DbBenchKeys.Write(256, b);
        Assert.True(a.AsSpan().SequenceCompareTo(b) < 0);
        Assert.Equal((byte)'0', a[15]);
        var small = new byte[4];
        DbBenchKeys.Write(0x01020304, small);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, small);
    }
}
