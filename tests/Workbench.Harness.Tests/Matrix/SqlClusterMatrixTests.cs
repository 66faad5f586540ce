using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;
using Workbench.Harness.Sysbench;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>
/// Layer sql cells on a replicated topology: the SQL server over a 3-replica in-process cluster
/// (every node on the cell's engine), measured over the whole cluster; and the topology settings
/// that cannot run at layer sql, each an error naming its key and line.
/// </summary>
public sealed class SqlClusterMatrixTests : IDisposable
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-sqlcluster-" + Guid.NewGuid().ToString("N"));

    public SqlClusterMatrixTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MatrixSpec Load(string yaml) => new MatrixLoader(EngineCatalog.Create()).Load(yaml, "/tmp/test-matrix.yaml");

    private static MatrixValidationException Invalid(string yaml) => Assert.Throws<MatrixValidationException>(() => Load(yaml));

    [Fact]
    public void A_replicated_in_process_topology_loads_at_layer_sql_and_impossible_ones_are_errors()
    {
        var spec = Load($"name: t\nlayer: sql\ntopology: {{ nodes: 3, replicas: 3, transport: in-process, raft_log: engine }}\nengines: [lsm]\nworkloads:\n  - {{ kind: sysbench }}\n  - {{ kind: ycsb, file: {WorkloadA}, raft_log: separate }}\nvalue_sizes: [100]\n");
        Assert.Equal(new MatrixTopology(3, 3, "in-process", true), spec.Topology);
        Assert.True(SqlCellServer.IsCluster(spec.Topology));
        Assert.False(SqlCellServer.IsCluster(new MatrixTopology(1, 1, "in-process")));

        var tcp = Assert.Single(Invalid("name: t\nlayer: sql\ntopology: { nodes: 1, replicas: 1, transport: tcp }\nengines: [lsm]\nworkloads:\n  - { kind: sysbench }\n").Errors);
        Assert.Equal(("topology.transport", 3), (tcp.Key, tcp.Line));
        Assert.Contains("replicated cluster", tcp.Message, StringComparison.Ordinal);

        var raftLogSingle = Assert.Single(Invalid("name: t\nlayer: sql\nengines: [lsm]\ntopology:\n  nodes: 1\n  replicas: 1\n  raft_log: engine\nworkloads:\n  - { kind: sysbench }\n").Errors);
        Assert.Equal(("topology.raft_log", 7), (raftLogSingle.Key, raftLogSingle.Line));

        var workloadRaftLog = Assert.Single(Invalid($"name: t\nlayer: sql\nengines: [lsm]\nworkloads:\n  - {{ kind: ycsb, label: y, file: {WorkloadA}, raft_log: engine }}\nvalue_sizes: [100]\n").Errors);
        Assert.Equal("workloads.y.raft_log", workloadRaftLog.Key);
        Assert.Contains("(line 5)", workloadRaftLog.Message, StringComparison.Ordinal);

        var tooFewNodes = Assert.Single(Invalid("name: t\nlayer: sql\nengines: [lsm]\ntopology: { nodes: 2, replicas: 3 }\nworkloads:\n  - { kind: sysbench }\n").Errors);
        Assert.Equal(("topology.replicas", 4), (tooFewNodes.Key, tooFewNodes.Line));
    }

    [Fact]
    public void Sql_ycsb_and_sysbench_cells_run_on_three_in_process_replicas_and_count_the_whole_cluster()
    {
        var sysbench = SysbenchProcess.FindBinary() is not null
            ? "  - { kind: sysbench, label: sb, test: oltp_point_select, table_size: 200, threads: 2, time: 1 }\n"
            : "";
        if (sysbench == "") Console.WriteLine("SKIPPED (sysbench part): the sysbench binary is not installed (./run.sh installs the Debian package sysbench)");
        var file = Path.Combine(_dir, "sql-cluster.yaml");
        File.WriteAllText(file, $"name: sql-cluster\nlayer: sql\ntopology: {{ nodes: 3, replicas: 3, transport: in-process }}\nengines: [lsm]\nworkloads:\n{sysbench}  - {{ kind: ycsb, label: ycsb-a, file: {WorkloadA}, recordcount: 150, operationcount: 150 }}\nvalue_sizes: [300]\nthreads: [2]\n");
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results")).Run(resume: false, CancellationToken.None);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        Assert.All(results.Cells, c => Assert.Equal(("sql", "in-process 3 nodes, 3 replicas, raft_log separate"), (c.Layer, c.Topology)));

        var ycsb = Assert.Single(results.Cells, c => c.WorkloadKind == "ycsb");
        var load = ycsb.Phases[0];
        Assert.Equal(150, load.Ops);
        Assert.Equal(load.LayerBytes["sql"], load.UserBytesWritten);
        // Txn bytes are counted once per write by the leaders (summed over the stores); every replica logs them.
        Assert.True(load.LayerBytes["txn"] >= load.LayerBytes["sql"], string.Join(", ", load.LayerBytes));
        Assert.True(load.EngineIo.GetValueOrDefault("raft_log") > 3 * load.LayerBytes["sql"], string.Join(", ", load.EngineIo));
        Assert.True(load.DeviceBytesWritten > load.LayerBytes["sql"]);
        Assert.Contains("CLUSTER  - in-process cluster: 3 nodes", ycsb.EngineStats, StringComparison.Ordinal);
        Assert.Contains("NODE 3 engine statistics", ycsb.EngineStats, StringComparison.Ordinal);
        var run = ycsb.Phases[1];
        Assert.Equal(150, run.Ops);
        Assert.Equal(0, run.Operations["READ"].NotFound);

        if (sysbench == "") return;
        var sb = Assert.Single(results.Cells, c => c.WorkloadKind == "sysbench");
        var prepare = sb.Phases[0];
        Assert.Equal(200, prepare.Ops);
        Assert.True(prepare.EngineIo.GetValueOrDefault("raft_log") > 3 * prepare.LayerBytes["sql"], string.Join(", ", prepare.EngineIo));
        var figures = sb.Phases[1].Sysbench!;
        Assert.True(figures.Qps > 0 && figures.IgnoredErrors == 0, $"qps {figures.Qps}, ignored errors {figures.IgnoredErrors}");
    }
}
