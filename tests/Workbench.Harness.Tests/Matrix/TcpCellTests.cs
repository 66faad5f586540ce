using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Cluster.Topology;
using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;
using Workbench.Harness.Results;
using Workbench.Testing.Processes;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>Matrix cells on real processes (`transport: tcp`, `topology: FILE`; docs/matrix.md "Transport").</summary>
public sealed partial class TcpCellTests : IDisposable
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-tcpcell-" + Guid.NewGuid().ToString("N"));

    public TcpCellTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a process that has not quite gone may still hold a file: the assertions said so already
        }
    }

    private static MatrixSpec Load(string yaml, string source = "/tmp/tcp-matrix.yaml") => new MatrixLoader(EngineCatalog.Create()).Load(yaml, source);

    private static string Matrix(string workloads, string topology, string layer = "txn", string engines = "[lsm]") =>
        $"name: tcp\nengines: {engines}\nlayer: {layer}\nworkloads:\n{workloads}\nvalue_sizes: [300]\ntopology: {topology}\n";

    private static string Ycsb(int records, int ops) => $"  - {{ kind: ycsb, label: a, file: {WorkloadA}, recordcount: {records}, operationcount: {ops} }}";

    [Fact]
    public void A_tcp_txn_cell_runs_on_processes_records_each_process_device_bytes_explains_them_and_leaves_no_process()
    {
        var file = Path.Combine(_dir, "tcp.yaml");
        File.WriteAllText(file, Matrix(Ycsb(300, 200), "{ nodes: 3, replicas: 3, transport: tcp, engines: { 3: btree } }"));
        var (exit, _, err) = RunMatrix(file, "r");
        Assert.True(exit == 0, err);
        var cell = Assert.Single(ResultsStore.Load(Path.Combine(_dir, "results", "r")).Cells);
        Assert.True(cell.Succeeded, cell.Error);
        Assert.Equal("lsm+lsm+btree", cell.EngineLabel);
        Assert.StartsWith("tcp 3 nodes, 3 replicas", cell.Topology, StringComparison.Ordinal);
        Assert.Equal(0, cell.Phases[1].Operations["READ"].NotFound);
        foreach (var phase in cell.Phases)
        {
            Assert.Equal(["node 1", "node 2", "node 3", "pd"], phase.ProcessDeviceBytes.Keys.Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(phase.ProcessDeviceBytes.Values.Sum(), phase.DeviceBytesWritten);
            // Every node wrote its replica of the data (Raft log, engine) and flushed it before the reading.
            Assert.True(phase.ProcessDeviceBytes.Count(kv => kv.Key.StartsWith("node", StringComparison.Ordinal) && kv.Value > 0) == 3, string.Join(", ", phase.ProcessDeviceBytes));
            // The nodes' ReadAttribution counters explain the bytes: a share, not 0% and not "unknown".
            Assert.True(phase.ExplainedShare is > 0.3 and < 1.5, $"{phase.Phase}: share {phase.ExplainedShare}, note {phase.ExplainedShareNote}, attribution {string.Join(", ", phase.Attribution)}");
            Assert.True(phase.Attribution.GetValueOrDefault("raft.raft_log") > 0, string.Join(", ", phase.Attribution));
            Assert.True(phase.LayerBytes.GetValueOrDefault("txn") > 0 && phase.LayerBytes.GetValueOrDefault("engine") > 0, string.Join(", ", phase.LayerBytes));
        }
        var pids = Pids(cell.EngineStats);
        Assert.Equal(4, pids.Count);
        Assert.All(pids, pid => Assert.False(IsWorkbench(pid), $"process {pid} outlived its cell"));
    }

    [Fact]
    public async Task Ctrl_c_during_a_tcp_cell_stops_every_process_of_the_cell()
    {
        var file = Path.Combine(_dir, "long.yaml");
        File.WriteAllText(file, Matrix(Ycsb(200_000, 200_000), "{ nodes: 3, replicas: 3, transport: tcp }", layer: "raft", engines: "[memory]"));
        using var p = Process.Start(StartInfo(file, "c"))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var data = Path.Combine(_dir, "results", "c", "data");
        List<int> pids = [];
        List<int> survivors = [];
        try
        {
            // Wait on the condition: `cluster up` finished (its last line in the cell's cluster.log) and every process runs.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!p.HasExited && DateTime.UtcNow < deadline && !(UpDone(data) && (pids = RunningPids(data)).Count == 4)) p.WaitForExit(100);
            Assert.False(p.HasExited, "the matrix ended before the cluster was up");
            Assert.Equal(4, pids.Count);
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the matrix did not stop on SIGINT");
            survivors = pids.Where(IsWorkbench).ToList();
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            foreach (var pid in RunningPids(data)) using (var k = Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)])) k.WaitForExit();
        }
        Assert.True(p.ExitCode == 130, await stdout + await stderr);
        // Read before the cleanup above, which only keeps a failed test from leaving processes behind.
        Assert.True(survivors.Count == 0, $"processes {string.Join(", ", survivors)} outlived the interrupted cell");
    }

    private static bool UpDone(string data) =>
        Directory.Exists(data) && Directory.EnumerateFiles(data, "cluster.log", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains("cluster up:", StringComparison.Ordinal));

    [Fact]
    public void A_cells_cluster_yaml_carries_per_node_engines_with_the_txn_column_family_defaults()
    {
        var spec = Load(Matrix(Ycsb(10, 10), "{ nodes: 3, replicas: 3, transport: tcp, engines: { 2: titan }, raft_log: engine }"));
        var cell = spec.Cells()[0];
        var yaml = TcpClusterCells.ClusterYaml(EngineCatalog.Create(), cell, spec.Topology!, "sql", _dir, out var pd, out var sqlPort);
        var path = Path.Combine(_dir, "cluster.yaml");
        File.WriteAllText(path, yaml);
        var config = new ClusterConfigLoader(EngineCatalog.Create()).LoadFile(path);
        Assert.Equal("tcp", config.Topology);
        Assert.Equal(pd, config.PdAddress);
        Assert.True(config.RaftLogInEngine);
        Assert.Equal(["lsm", "titan", "lsm"], config.Nodes.Select(n => n.Engine.Name).ToArray());
        Assert.All(config.Nodes, n => Assert.StartsWith(_dir, n.DataDirOrDefault, StringComparison.Ordinal));
        // Titan separates values in CF default only, as the in-process cluster opens it (LocalKvStore's defaults).
        Assert.Equal((1L << 30).ToString(CultureInfo.InvariantCulture), config.Nodes[1].Engine.ColumnFamilyOptions!["lock"]["min_blob_size"]);
        var sql = Workbench.Harness.SqlServer.SqlServerConfig.Load(path);
        Assert.True(sql.JoinsTcpCluster);
        Assert.Equal(sqlPort, sql.Server.Port);
        Assert.Contains(sql.Server.Users, u => u.Name == "sbtest");
        Assert.StartsWith(_dir, sql.DataDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_file_topology_keeps_its_shape_and_replaces_data_dirs_and_engines()
    {
        var file = Path.Combine(_dir, "two.yaml");
        File.WriteAllText(file, "topology: tcp\npd: { address: 127.0.0.1:2479, data_dir: elsewhere/pd }\nnodes:\n  - { id: 1, address: 127.0.0.1:20260, engine: { name: lsm }, labels: { zone: a } }\n  - { id: 2, address: 127.0.0.1:20261, engine: { name: lsm }, labels: { zone: b } }\nreplicas: 2\nsql: { address: 127.0.0.1:4400 }\n");
        var spec = Load(Matrix(Ycsb(10, 10), file, layer: "raft", engines: "[btree]"));
        Assert.Equal((2, 2, "tcp"), (spec.Topology!.Nodes, spec.Topology.Replicas, spec.Topology.Transport));
        var yaml = TcpClusterCells.ClusterYaml(EngineCatalog.Create(), spec.Cells()[0], spec.Topology, "raft", _dir, out var pd, out _);
        Assert.Equal("127.0.0.1:2479", pd);
        Assert.DoesNotContain("elsewhere", yaml, StringComparison.Ordinal);
        Assert.Contains("btree", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("sql:", yaml, StringComparison.Ordinal);
        Assert.Contains("zone", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ nodes: 1, replicas: 1, transport: tcp }", "sql", "topology.transport", "replicated cluster")]
    [InlineData("no/such/cluster.yaml", "raft", "topology", "not found")]
    [InlineData("INPROCESS", "raft", "topology", "must be a tcp cluster")]
    [InlineData("LOCAL3", "raft", "topology", "standby")]
    [InlineData("{ nodes: 3, replicas: 3, transport: udp }", "raft", "topology.transport", "unknown transport")]
    public void Impossible_tcp_combinations_are_errors_naming_key_and_line(string topology, string layer, string key, string text)
    {
        topology = topology.Replace("INPROCESS", RepoPaths.Root + "/harness/clusters/inprocess3.yaml", StringComparison.Ordinal)
            .Replace("LOCAL3", RepoPaths.Root + "/harness/clusters/local3.yaml", StringComparison.Ordinal);
        var e = Assert.Throws<MatrixValidationException>(() => Load(Matrix(Ycsb(10, 10), topology, layer)));
        var err = Assert.Single(e.Errors, x => x.Key == key && x.Line == 7);
        Assert.Contains(text, err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tcp_sql_topology_is_accepted_for_sysbench_and_sql_ycsb()
    {
        var spec = Load($"name: s\nengines: [lsm]\nlayer: sql\nworkloads:\n{Ycsb(10, 10)}\n  - {{ kind: sysbench, test: oltp_point_select, table_size: 100, time: 1 }}\nvalue_sizes: [300]\ntopology: {{ nodes: 3, replicas: 3, transport: tcp }}\n");
        Assert.Equal("tcp", spec.Topology!.Transport);
        Assert.Equal(2, spec.Cells().Count);
    }

    [Fact]
    public void A_cluster_yaml_engine_takes_column_families_and_rejects_unknown_ones()
    {
        var good = "topology: tcp\nnodes:\n  - { id: 1, engine: { name: titan, column_families: { lock: { min_blob_size: 4096 } } } }\nreplicas: 1\n";
        var config = new ClusterConfigLoader(EngineCatalog.Create()).Load(good, "c.yaml");
        Assert.Equal("4096", config.Nodes[0].Engine.ColumnFamilyOptions!["lock"]["min_blob_size"]);
        var bad = good.Replace("lock:", "nosuch:", StringComparison.Ordinal);
        var e = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(EngineCatalog.Create()).Load(bad, "c.yaml"));
        Assert.Contains("nodes[0].engine.column_families.nosuch", e.Message, StringComparison.Ordinal);
    }

    private (int Exit, string Out, string Err) RunMatrix(string file, string runId)
    {
        using var p = Process.Start(StartInfo(file, runId))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(4)), "the tcp matrix did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    // Through the tests' one starter: the cells' detached clusters inherit WORKBENCH_EXIT_WITH_PID (this
    // test host), so they exit if the host dies before the matrix's own cluster down.
    private ProcessStartInfo StartInfo(string file, string runId) =>
        WorkbenchProcess.StartInfo(["matrix", file, "--results", Path.Combine(_dir, "results"), "--run-id", runId, "--no-progress", "--no-report"], exitWithParent: false, workingDirectory: _dir);

    /// <summary>The pids the cell's statistics name ("pd pid N, node 1 pid M, …").</summary>
    private static List<int> Pids(string? stats) =>
        PidPattern().Matches(stats ?? "").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();

    /// <summary>The live workbench processes whose pid files are under <paramref name="data"/>.</summary>
    private static List<int> RunningPids(string data)
    {
        if (!Directory.Exists(data)) return [];
        var pids = new List<int>();
        foreach (var f in Directory.EnumerateFiles(data, "*.pid", SearchOption.AllDirectories))
        {
            try
            {
                if (int.TryParse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture, out var pid) && IsWorkbench(pid)) pids.Add(pid);
            }
            catch (IOException)
            {
                // the file went with its process
            }
        }
        return pids;
    }

    private static bool IsWorkbench(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("workbench", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex PidPattern();
}
