using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix;

public sealed class MatrixRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-matrix-" + Guid.NewGuid().ToString("N"));

    public MatrixRunnerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string SmallMatrix(string name = "small") => $"""
        name: {name}
        engines:
          - {"{"} name: memory, label: durable, options: {"{"} durable: true {"}"} {"}"}
          - {"{"} name: memory {"}"}
        workloads:
          - {"{"} kind: ycsb, label: ycsb-a, file: {RepoPaths.Workload("workloada")}, recordcount: 400, operationcount: 800 {"}"}
          - {"{"} kind: bench, label: fill, benchmarks: [fillrandom, overwrite], num: 400 {"}"}
        value_sizes: [100, 1000]
        repeat: 2
        """;

    private (MatrixSpec Spec, string File) Spec(string name = "small")
    {
        var file = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(file, SmallMatrix(name));
        return (new MatrixLoader(EngineCatalog.Create()).LoadFile(file), file);
    }

    [Fact]
    public void Data_bytes_gives_each_value_size_the_same_bytes_per_pass()
    {
        var file = Path.Combine(_dir, "bytes.yaml");
        File.WriteAllText(file, "name: bytes\nengines:\n  - { name: memory }\nworkloads:\n  - { kind: bench, label: fill, benchmarks: [fillrandom], data_bytes: 200000 }\nvalue_sizes: [100, 1000]\n");
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results", "bytes")).Run(resume: false, CancellationToken.None);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        var small = Assert.Single(results.Cells, c => c.ValueSize == 100).Phases.Single();
        var large = Assert.Single(results.Cells, c => c.ValueSize == 1000).Phases.Single();
        Assert.Equal(200000 / 116, small.Ops);
        Assert.Equal(200000 / 1016, large.Ops);
        Assert.Equal(small.Ops * 116L, small.UserBytesWritten);
    }

    [Fact]
    public void A_layer_txn_matrix_runs_ycsb_and_bench_cells_through_transactions()
    {
        var file = Path.Combine(_dir, "txn.yaml");
        File.WriteAllText(file, $"name: txn\nlayer: txn\nengines: [lsm]\nworkloads:\n  - {{ kind: ycsb, file: {RepoPaths.Workload("workloada")}, recordcount: 200, operationcount: 300 }}\n  - {{ kind: bench, benchmarks: [fillrandom, readrandom], num: 300 }}\nvalue_sizes: [300]\n");
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results", "txn")).Run(resume: false, CancellationToken.None);
        Assert.Equal(2, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        Assert.All(results.Cells, c => Assert.Equal("txn", c.Layer));
        var ycsb = Assert.Single(results.Cells, c => c.WorkloadKind == "ycsb");
        Assert.Contains("TXN bytes per CF", ycsb.EngineStats, StringComparison.Ordinal);
        var bench = Assert.Single(results.Cells, c => c.WorkloadKind == "bench");
        Assert.Equal(300L * 316, bench.Phases[0].UserBytesWritten);
        Assert.True(bench.Phases[0].DiskBytes > 0);
        Assert.Contains("fillrandom:\nTXN", bench.EngineStats, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_every_cell_and_records_the_metrics()
    {
        var (spec, _) = Spec();
        var run = Path.Combine(_dir, "results", "run1");
        var results = new MatrixRunner(spec, EngineCatalog.Create(), run).Run(resume: false, CancellationToken.None);
        Assert.Equal(16, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        var reloaded = ResultsStore.Load(run);
        Assert.Equal(results.Cells.Select(c => c.CellId), reloaded.Cells.Select(c => c.CellId));
        Assert.True(File.Exists(Path.Combine(run, MatrixRunner.MatrixCopyName)));
        Assert.False(Directory.Exists(Path.Combine(run, "data")), "data directories of finished cells are removed");

        var ycsb = reloaded.Cells.First(c => c.Workload == "ycsb-a" && c.EngineLabel == "durable");
        Assert.Equal(new[] { "load", "run" }, ycsb.Phases.Select(p => p.Phase));
        var load = ycsb.Phases[0];
        Assert.Equal(400, load.Ops);
        Assert.True(load.UserBytesWritten > 400 * 90);
        Assert.True(load.EngineIo.GetValueOrDefault("wal") > 0, "the durable memory engine logs every batch");
        Assert.True(load.EngineWriteAmp > 0.9);
        Assert.NotNull(load.SpaceAmp);
        var run2 = ycsb.Phases[1];
        Assert.Equal(800, run2.Ops);
        Assert.True(run2.Operations.ContainsKey("READ") && run2.Operations.ContainsKey("UPDATE"));
        Assert.Equal(0, run2.Operations["READ"].NotFound);
        Assert.Equal(run2.Operations["READ"].Count, run2.Operations["READ"].ToHistogram()!.Count);

        var bench = reloaded.Cells.First(c => c.Workload == "fill");
        Assert.Equal(new[] { "fillrandom", "overwrite" }, bench.Phases.Select(p => p.Phase));
        Assert.Equal(400, bench.Phases[0].Ops);
    }

    [Fact]
    public void Same_repeat_gives_every_engine_the_same_operation_stream()
    {
        var (spec, _) = Spec();
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "r")).Run(false, CancellationToken.None);
        // The operation mix is drawn from the cell seed, so both engines see the same number of reads in a repeat.
        int Reads(string engine, int repeat, int size) => (int)results.Cells
            .Single(c => c.Workload == "ycsb-a" && c.EngineLabel == engine && c.Repeat == repeat && c.ValueSize == size)
            .Phases[1].Operations["READ"].Count;
        Assert.Equal(Reads("durable", 0, 100), Reads("memory", 0, 100));
        Assert.Equal(Reads("durable", 1, 1000), Reads("memory", 1, 1000));
    }

    [Fact]
    public void Interrupted_run_keeps_finished_cells_and_resume_completes_the_same_set()
    {
        var (spec, _) = Spec();
        var run = Path.Combine(_dir, "results", "interrupted");
        using var cancel = new CancellationTokenSource();
        var runner = new MatrixRunner(spec, EngineCatalog.Create(), run);
        var finished = 0;
        runner.CellFinished += _ =>
        {
            if (++finished == 3) cancel.Cancel();
        };
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(false, cancel.Token));
        var partial = ResultsStore.Load(run);
        Assert.Equal(3, partial.Cells.Count);
        Assert.Equal(16, partial.PlannedCells.Count);

        Assert.Throws<InvalidOperationException>(() => new MatrixRunner(spec, EngineCatalog.Create(), run).Run(false, CancellationToken.None));

        var resumed = new MatrixRunner(spec, EngineCatalog.Create(), run).Run(true, CancellationToken.None);
        Assert.Equal(spec.Cells().Select(c => c.Id).Order(), resumed.Cells.Select(c => c.CellId).Order());
        Assert.Equal(partial.Cells.Select(c => c.CellId), resumed.Cells.Take(3).Select(c => c.CellId));
        Assert.Equal(partial.Cells[0].StartedUtc, resumed.Cells[0].StartedUtc);
    }

    [Fact]
    public void A_failing_cell_is_recorded_and_the_others_still_run()
    {
        var (spec, _) = Spec();
        // A workload whose file disappears after validation fails at run time; the runner records it and moves on.
        var file = Path.Combine(_dir, "workloadx");
        File.Copy(RepoPaths.Workload("workloada"), file);
        var broken = spec with { Workloads = [spec.Workloads[0] with { File = file, Label = "gone" }, spec.Workloads[1]] };
        File.Delete(file);
        var results = new MatrixRunner(broken, EngineCatalog.Create(), Path.Combine(_dir, "f")).Run(false, CancellationToken.None);
        Assert.Equal(8, results.Cells.Count(c => !c.Succeeded));
        Assert.All(results.Cells.Where(c => !c.Succeeded), c => Assert.Contains("workloadx", c.Error, StringComparison.Ordinal));
        Assert.Equal(8, results.Cells.Count(c => c.Succeeded));
    }
}
