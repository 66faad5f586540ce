using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

// The cluster layers' part of the matrix loader (layers raft and txn over a replicated
// in-process cluster): a workload's own `layer` and `raft_log`, and the checks that tie layers
// to the topology.
internal sealed partial class MatrixLoader
{
    /// <summary>`raft_log: separate | engine` (null when absent).</summary>
    private bool? ParseRaftLog(YamlMappingNode map, string prefix)
    {
        if (Find(map, "raft_log") is not { } key) return null;
        var text = Scalar(map, "raft_log");
        if (text is "separate" or "engine") return text == "engine";
        Error(map.Children[key], prefix + "raft_log", $"must be separate (the store's own Raft log files) or engine (the log in the engine's raft CF, TiKV's old RaftDB), got '{text}'");
        return null;
    }

    /// <summary>A YCSB workload's own `layer` (overrides the matrix's, so engine, raft and txn cells can run side by side in one matrix).</summary>
    private MatrixLayer? ParseWorkloadLayer(YamlMappingNode m, string path)
    {
        if (Find(m, "layer") is not { } key) return null;
        switch (Scalar(m, "layer"))
        {
            case "engine": return MatrixLayer.Engine;
            case "raft": return MatrixLayer.Raft;
            case "txn": return MatrixLayer.Txn;
            case var other:
                Error(m.Children[key], path + ".layer", $"unknown layer '{other}' for a workload; layers: engine, raft, txn");
                return null;
        }
    }

    /// <summary>Layer raft needs a cluster topology; a topology needs some layer above the engine; bench cells stay below raft.</summary>
    private void CheckClusterLayers(YamlMappingNode root, MatrixLayer layer, MatrixTopology? topology, List<MatrixWorkload> workloads)
    {
        var anyAbove = layer != MatrixLayer.Engine;
        foreach (var w in workloads)
        {
            var effective = w.Layer ?? layer;
            if (effective != MatrixLayer.Engine) anyAbove = true;
            if (w.Kind == WorkloadKind.Bench && layer == MatrixLayer.Raft)
                Error(root.Children[Find(root, "layer")!], "layer", $"bench workload '{w.Label}' runs at layers engine and txn only; layer raft runs YCSB workloads");
            if (w.Kind == WorkloadKind.Bench && layer == MatrixLayer.Txn && topology is { Nodes: > 1 })
                Error(root.Children[Find(root, "topology")!], "topology", $"bench workload '{w.Label}' runs at layer txn on one node only (db_bench over the single-store txn layer); the cluster runs YCSB workloads (line {w.Line})");
            if (effective == MatrixLayer.Raft && topology is null)
                Error(root, "topology", $"workload '{w.Label}' runs at layer raft, which needs a cluster: add topology: {{ nodes: 3, replicas: 3, transport: in-process }} (line {w.Line})");
            if (w.RaftLogInEngine is not null && effective == MatrixLayer.Engine)
                Error(root, $"workloads.{w.Label}.raft_log", $"raft_log applies to layers raft and txn on a cluster; workload '{w.Label}' runs at layer engine (line {w.Line})");
        }
        if (layer == MatrixLayer.Sql) CheckSqlTopology(root, topology, workloads);
        CheckWorkloadTransports(root, layer, topology, workloads);
        if (topology is not null && !anyAbove)
            Error(root.Children[Find(root, "topology")!], "topology", "topology applies to layers raft, txn and sql; layer 'engine' runs one engine in-process (remove 'topology' or change 'layer')");
    }

    /// <summary>
    /// Layer sql: cells start the SQL server over one engine, or over a replicated cluster when the
    /// topology has more than one node or replica (in-process: SqlCellServer; tcp: the cluster's
    /// processes with a SQL server process, TcpClusterCells). tcp on one node and one replica, and
    /// raft_log without a cluster, mean nothing.
    /// </summary>
    private void CheckSqlTopology(YamlMappingNode root, MatrixTopology? topology, List<MatrixWorkload> workloads)
    {
        var cluster = SqlCellServer.IsCluster(topology);
        if (topology is not null && Find(root, "topology") is { } tk && root.Children[tk] is YamlMappingNode map)
        {
            if (!cluster && topology.Transport == "tcp" && Find(map, "transport") is { } transport)
                Error(map.Children[transport], "topology.transport", "transport tcp at layer 'sql' needs a replicated cluster (nodes or replicas above 1); with 1 node and 1 replica the cell runs one engine in this process");
            if (!cluster && Find(map, "raft_log") is { } raftLog)
                Error(map.Children[raftLog], "topology.raft_log", "raft_log applies to a replicated cluster; this layer 'sql' topology has 1 node and 1 replica (one engine, no Raft log): set nodes/replicas above 1 or remove raft_log");
        }
        foreach (var w in workloads)
            if (w.RaftLogInEngine is not null && (w.Layer ?? MatrixLayer.Sql) == MatrixLayer.Sql && !cluster)
                Error(root, $"workloads.{w.Label}.raft_log", $"raft_log applies to a replicated cluster; workload '{w.Label}' runs at layer 'sql' on one engine (add topology: {{ nodes: 3, replicas: 3, transport: in-process }}) (line {w.Line})");
    }
}
