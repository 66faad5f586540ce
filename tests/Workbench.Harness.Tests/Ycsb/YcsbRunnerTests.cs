using Workbench.Harness.Ycsb;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Tests.Ycsb;

public class YcsbRunnerTests
{
    private static IKvEngine Open(bool durable) =>
        new EngineRegistry().RegisterBuiltIns().Open(new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = durable ? "true" : "false" }),
            "/db", new MemoryFileSystem(), [ColumnFamilyDescriptor.Default]);

    private static CoreWorkload Workload(string file, int records, int ops)
    {
        var p = YcsbProperties.FromFile(RepoPaths.Workload(file));
        p.Set("recordcount", records.ToString(System.Globalization.CultureInfo.InvariantCulture));
        p.Set("operationcount", ops.ToString(System.Globalization.CultureInfo.InvariantCulture));
        p.Set("fieldlength", "20");
        return new CoreWorkload(CoreWorkloadSettings.From(p));
    }

    [Fact]
    public void Workload_d_with_four_threads_reads_only_acknowledged_inserts()
    {
        using var engine = Open(durable: false);
        var runner = new YcsbRunner(engine, Workload("workloadd", 2000, 8000), threads: 4, seed: 1);
        var load = runner.Load();
        Assert.Equal(2000, load.Result.Ops);
        Assert.Equal(2000, load.Result.Operations["INSERT"].Count);
        var run = runner.Run();
        Assert.Equal(8000, run.Result.Ops);
        var reads = run.Result.Operations["READ"];
        var inserts = run.Result.Operations["INSERT"];
        Assert.Equal(8000, reads.Count + inserts.Count);
        // The latest distribution only picks acknowledged keys, so every read finds its record.
        Assert.Equal(0, reads.NotFound);
        Assert.True(run.Result.LiveBytes > load.Result.LiveBytes, "run-phase inserts add live data");
        Assert.Equal(load.Result.UserBytesWritten, load.Result.LiveBytes);
    }

    [Fact]
    public void Durable_engine_reports_write_amplification_and_histograms()
    {
        using var engine = Open(durable: true);
        var runner = new YcsbRunner(engine, Workload("workloada", 1000, 2000), threads: 2, seed: 2);
        var load = runner.Load().Result;
        Assert.True(load.EngineWriteAmp >= 1.0, $"the durable engine logs every record: engine WA {load.EngineWriteAmp}");
        Assert.True(load.EngineIo.ContainsKey("wal"));
        var run = runner.Run().Result;
        foreach (var op in new[] { "READ", "UPDATE" })
        {
            var l = run.Operations[op];
            var h = l.ToHistogram()!;
            Assert.Equal(l.Count, h.Count);
            Assert.Equal(l.P99, h.ValueAtPercentile(99) / 1000.0, 3);
            Assert.True(l.P50 <= l.P99 && l.P99 <= l.Max);
        }
    }

    [Fact]
    public void Cancellation_stops_the_phase()
    {
        using var engine = Open(durable: false);
        var runner = new YcsbRunner(engine, Workload("workloada", 100_000, 100_000), threads: 2, seed: 3);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Load(cancel.Token));
    }
}
