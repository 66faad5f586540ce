using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.Ycsb;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Ycsb;

public class YcsbEngineWorkerTests(ITestOutputHelper output)
{
    private static IKvEngine OpenMemory() =>
        new EngineRegistry().RegisterBuiltIns().Open(new EngineConfig("memory"), "/mem", new MemoryFileSystem(), [ColumnFamilyDescriptor.Default]);

    [Fact]
    public void Load_then_run_workload_a_keeps_every_record_well_formed()
    {
        using var engine = OpenMemory();
        var p = YcsbProperties.FromFile(YcsbPropertiesTests.WorkloadFile("workloada"));
        p.Set("recordcount", "500");
        p.Set("fieldlength", "20");
        var workload = new CoreWorkload(CoreWorkloadSettings.From(p));
        var seed = TestSeed.Fixed(output, 71);
        using var worker = new YcsbEngineWorker(engine, workload, new Random(seed));
        for (var i = 0; i < 500; i++) worker.Load();
        Assert.Equal(500 * (long)(workload.RecordSize + workload.KeyString(0).Length), worker.UserBytesWritten, 500 * 2.0);
        var counts = new int[YcsbOperations.Count];
        for (var i = 0; i < 2000; i++)
        {
            var op = worker.NextOperation();
            counts[(int)op]++;
            worker.Execute(op);
        }
        Assert.True(counts[(int)YcsbOperation.Read] > 800 && counts[(int)YcsbOperation.Update] > 800);
        Assert.Equal(0, worker.NotFound(YcsbOperation.Read));
        var cf = engine.DefaultColumnFamily();
        for (long k = 0; k < 500; k++)
        {
            var value = engine.Get(cf, System.Text.Encoding.ASCII.GetBytes(workload.KeyString(k)));
            Assert.NotNull(value);
            Assert.Equal(10, RecordCodec.CountFields(value));
        }
    }

    [Fact]
    public void Workload_e_inserts_new_records_and_scans()
    {
        using var engine = OpenMemory();
        var p = YcsbProperties.FromFile(YcsbPropertiesTests.WorkloadFile("workloade"));
        p.Set("recordcount", "200");
        p.Set("fieldlength", "10");
        var workload = new CoreWorkload(CoreWorkloadSettings.From(p));
        using var worker = new YcsbEngineWorker(engine, workload, new Random(TestSeed.Fixed(output, 72)));
        for (var i = 0; i < 200; i++) worker.Load();
        var inserts = 0;
        for (var i = 0; i < 1000; i++)
        {
            var op = worker.NextOperation();
            if (op == YcsbOperation.Insert) inserts++;
            worker.Execute(op);
        }
        Assert.True(inserts > 20);
        Assert.NotNull(engine.Get(engine.DefaultColumnFamily(), System.Text.Encoding.ASCII.GetBytes(workload.KeyString(200 + inserts - 1))));
    }
}
