using System.Globalization;
using Workbench.Cluster.Topology;
using Workbench.Harness.ClusterLayers;
using Workbench.Harness.Results;
using Workbench.Harness.Ycsb;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Matrix YCSB cells at layer raft, or txn with more than one node: an in-process cluster of the
/// topology's nodes, every node running the cell's engine (or its own, `topology.engines`), replicas and raft.log as the topology
/// (or the workload) says, measured as `ycsb --cluster` measures it (device bytes of the process,
/// IO by category over every store with raft_log and snapshot).
/// </summary>
internal static class ClusterCells
{
    public static bool RunsOnCluster(string layer, MatrixTopology? topology) =>
        topology is not null && (layer == "raft" || (layer == "txn" && topology.Nodes > 1));

    /// <summary>The cell's cluster as results.json records it, e.g. "in-process 3 nodes, 3 replicas, raft_log separate".</summary>
    public static string Describe(MatrixTopology topology, MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(cell);
        var inEngine = cell.Workload.RaftLogInEngine ?? topology.RaftLogInEngine;
        var text = string.Create(CultureInfo.InvariantCulture, $"{topology.Transport} {topology.Nodes} nodes, {topology.Replicas} replicas, raft_log {(inEngine ? "engine" : "separate")}");
        if (topology.ClusterFile is { } file) text += ", cluster " + Path.GetFileName(file);
        if (topology.NodeEngines.Count == 0) return text;
        var nodes = new List<string>();
        foreach (var (id, label) in cell.Engine.NodeLabels(topology)) nodes.Add(string.Create(CultureInfo.InvariantCulture, $"node {id} {label}"));
        return text + ", engines: " + string.Join(", ", nodes);
    }

    /// <summary>The nodes of the cell's in-process cluster: each on the engine `topology.engines` gives it, else the cell's.</summary>
    public static List<NodeConfig> Nodes(MatrixTopology topology, EngineConfig cellEngine)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(cellEngine);
        var nodes = new List<NodeConfig>();
        for (var i = 1; i <= topology.Nodes; i++)
            nodes.Add(new NodeConfig((ulong)i, string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{20159 + i}"), topology.EngineOf(i, cellEngine), new Dictionary<string, string>(), 0));
        return nodes;
    }

    public static List<PhaseResult> RunYcsb(EngineRegistry registry, MatrixCell cell, MatrixTopology topology, string layer, string dir,
        Action<BenchProgress?> progress, CancellationToken cancel, out string? stats)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(progress);
        if (topology.Transport != "in-process")
            throw new NotSupportedException($"transport '{topology.Transport}': matrix cells start in-process clusters; run a tcp cluster with `workbench cluster up` and point `ycsb` at it");
        var nodes = Nodes(topology, cell.Engine.Config);
        var config = new ClusterConfig { Topology = "in-process", Nodes = nodes, Replicas = topology.Replicas };
        var raftLogInEngine = cell.Workload.RaftLogInEngine ?? topology.RaftLogInEngine;
        var settings = CellExecutor.YcsbSettings(cell);
        var workload = new CoreWorkload(settings);
        using var cluster = ClusterLayer.Open(config, registry, dir, layer, cell.Seed, null, raftLogInEngine);
        var runner = new YcsbRunner(cluster.Engine, workload, cell.Threads, cell.Seed, r => cluster.NewWorker(workload, r)) { Attribution = cluster.Attribution };
        progress(runner.Progress);
        var load = runner.Load(cancel);
        var lines = "load:\n" + cluster.DescribeAndReset(runner.LastWorkers, load.Result.UserBytesWritten);
        var run = runner.Run(cancel);
        lines += "run:\n" + cluster.DescribeAndReset(runner.LastWorkers, run.Result.UserBytesWritten);
        stats = lines;
        return [load.Result, run.Result];
    }
}
