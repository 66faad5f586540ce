using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>Matrix YCSB cells at layers raft and txn on a 3-replica in-process cluster, beside an engine-layer cell.</summary>
public sealed class ClusterCellsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-clustercells-" + Guid.NewGuid().ToString("N"));

    public ClusterCellsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Engine_raft_and_txn_cells_run_side_by_side_and_count_raft_log_bytes()
    {
        var a = RepoPaths.Workload("workloada");
        var file = Path.Combine(_dir, "layers.yaml");
        File.WriteAllText(file, $$"""
            name: layers
            engines: [lsm]
            workloads:
              - { kind: ycsb, label: e, file: {{a}}, recordcount: 150, operationcount: 150, layer: engine }
              - { kind: ycsb, label: r, file: {{a}}, recordcount: 150, operationcount: 150, layer: raft }
              - { kind: ycsb, label: t, file: {{a}}, recordcount: 150, operationcount: 150, layer: txn, raft_log: engine }
            value_sizes: [300]
            threads: [2]
            topology: { nodes: 3, replicas: 3, transport: in-process }
            """);
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results")).Run(resume: false, CancellationToken.None);
        Assert.Equal(3, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        Assert.Equal(["engine", "raft", "txn"], results.Cells.Select(c => c.Layer).ToArray());
        var raft = results.Cells[1];
        Assert.True(raft.Phases[0].EngineIo!.GetValueOrDefault("raft_log") > 3 * raft.Phases[0].UserBytesWritten, "three replicas log every write");
        Assert.Contains("raft.log: separate", raft.EngineStats, StringComparison.Ordinal);
        Assert.Equal("in-process 3 nodes, 3 replicas, raft_log separate", raft.Topology);
        Assert.Null(results.Cells[0].Topology);
        var txn = results.Cells[2];
        Assert.Contains("raft.log: engine", txn.EngineStats, StringComparison.Ordinal);
        Assert.Contains("TXN bytes per CF", txn.EngineStats, StringComparison.Ordinal);
        Assert.Equal(0, txn.Phases[0].EngineIo!.GetValueOrDefault("raft_log"));
        Assert.All(results.Cells, c => Assert.Equal(0, c.Phases[1].Operations["READ"].NotFound));
    }
}
