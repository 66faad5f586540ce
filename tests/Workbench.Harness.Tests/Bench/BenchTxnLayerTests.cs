using Workbench.Harness.Bench;
using Workbench.Harness.Engines;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Tests.Bench;

public sealed class BenchTxnLayerTests
{
    private static BenchOptions Options(string benchmarks, bool onePc = true) => new()
    {
        Engine = new EngineConfig("lsm"),
        Benchmarks = benchmarks.Split(','),
        Num = 1500,
        KeySize = 16,
        ValueSize = 300, // above the short-value limit, so values land in CF default
        SeekNexts = 10,
        TxnLayer = true,
        OnePc = onePc,
        ShowProgress = false,
    };

    [Fact]
    public void Txn_layer_runs_one_transaction_per_operation_and_reports_bytes_per_cf_and_wa()
    {
        var results = new BenchRunner(Options("fillrandom,overwrite,readrandom,seekrandom", onePc: false), EngineCatalog.Create()).Run();
        var r = results.ToDictionary(x => x.Benchmark);
        Assert.Equal(4, results.Count);
        var fill = r["fillrandom"];
        Assert.Equal("txn", fill.Layer);
        Assert.Equal(1500, fill.Ops);
        Assert.Equal(1500L * 316, fill.UserBytesWritten);
        Assert.NotNull(fill.WriteAmp);
        var bytes = fill.TxnBytes!;
        Assert.True(bytes["default"] >= 1500L * 300, $"default CF holds the values: {bytes["default"]}");
        Assert.True(bytes["write"] > 0 && bytes["lock"] > 0, "2PC writes lock and write records");
        Assert.Equal(bytes["default"] + bytes["lock"] + bytes["write"], bytes["total"]);
        Assert.Contains("TXN bytes per CF", fill.TxnSummary);
        Assert.Contains("2PC: ", BenchReportFormatter.Format(fill));
        Assert.True(r["overwrite"].TxnBytes!["write"] > 0);
        // fillrandom + overwrite left about 1 - 1/e² of the keys live; reads must find most, never all of nothing
        Assert.InRange(r["readrandom"].Found!.Value, 1000, 1500);
        Assert.Equal(0, r["readrandom"].TxnBytes!["default"]); // a read-only transaction writes nothing
        Assert.True(r["seekrandom"].Found > 0);
    }

    [Fact]
    public void Txn_layer_refuses_benchmarks_it_has_no_operation_for()
    {
        var e = Assert.Throws<BenchOptionsException>(() => new BenchRunner(Options("fillseq,readrandom,deleterandom"), EngineCatalog.Create()));
        Assert.Contains("fillseq, deleterandom", e.Message);
    }
}
