using Workbench.Harness.Ycsb;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Workloads.Layers;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Tests.Ycsb;

public class TxnYcsbTests
{
    private static CoreWorkload Workload(int records, int ops, int fieldLength)
    {
        var p = YcsbProperties.FromFile(RepoPaths.Workload("workloada"));
        p.Set("recordcount", records.ToString(System.Globalization.CultureInfo.InvariantCulture));
        p.Set("operationcount", ops.ToString(System.Globalization.CultureInfo.InvariantCulture));
        p.Set("fieldlength", fieldLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new CoreWorkload(CoreWorkloadSettings.From(p));
    }

    [Theory]
    [InlineData(true, true, 10)]
    [InlineData(true, false, 10)]
    [InlineData(false, false, 100)]
    public void Ycsb_at_layer_txn_reads_what_it_wrote_and_reports_bytes_per_cf(bool asyncCommit, bool onePc, int fieldLength)
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-txn-ycsb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var registry = new EngineRegistry().RegisterBuiltIns();
            using var txn = TxnLayer.Open(registry, new EngineConfig("memory"), dir, new TxnClientOptions { AsyncCommit = asyncCommit, OnePc = onePc });
            var workload = Workload(300, 1000, fieldLength);
            var runner = new YcsbRunner(txn.Engine, workload, threads: 2, seed: 3, r => new TxnYcsbWorker(txn.Client, workload, r));
            var load = runner.Load();
            Assert.Equal(300, load.Result.Ops);
            var text = txn.DescribeAndReset(runner.LastWorkers, load.Result.UserBytesWritten);
            Assert.Contains("TXN bytes per CF", text);
            var run = runner.Run();
            Assert.Equal(0, run.Result.Operations["READ"].NotFound);
            Assert.True(txn.Service.Stats.Bytes(Workbench.Txn.Storage.Cf.Write) > 0);
            // Without 1PC every write passes through CF lock; with it, none does. Values over 255 bytes go to CF default.
            Assert.Equal(onePc, txn.Service.Stats.Bytes(Workbench.Txn.Storage.Cf.Lock) == 0);
            Assert.Equal(workload.RecordSize > 255, txn.Service.Stats.Bytes(Workbench.Txn.Storage.Cf.Default) > 0);
            // One transaction per write operation: the load's inserts plus the run's updates (reads commit nothing).
            var writes = 300 + run.Result.Operations["UPDATE"].Count;
            Assert.Equal(writes, txn.Client.Stats.OnePc + txn.Client.Stats.AsyncCommit + txn.Client.Stats.TwoPc); // conflicting attempts commit nothing
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
