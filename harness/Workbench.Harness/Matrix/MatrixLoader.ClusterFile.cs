using Workbench.Cluster.Topology;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

// `topology: FILE`: the cells start the processes of a tcp cluster YAML (docs/cluster.md), with
// their data directories under the cell's and every node on the cell's engine (TcpClusterCells).
internal sealed partial class MatrixLoader
{
    private MatrixTopology? ParseClusterFile(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (ResolveFile(text) is not { } path)
        {
            Error(node, "topology", $"cluster file '{text}' not found (relative to the current directory, the repository root or the matrix file's directory); or give a mapping {{ nodes, replicas, transport }}");
            return null;
        }
        ClusterConfig config;
        try
        {
            config = new ClusterConfigLoader(_registry).LoadFile(path);
        }
        catch (ClusterConfigException e)
        {
            Error(node, "topology", $"cluster file '{text}': {e.Message}");
            return null;
        }
        if (config.Topology != "tcp")
        {
            Error(node, "topology", $"cluster file '{text}' has topology '{config.Topology}'; a matrix topology file must be a tcp cluster (its processes are started by each cell); for an in-process cluster write topology: {{ nodes: {config.Nodes.Count}, replicas: {config.Replicas}, transport: in-process }}");
            return null;
        }
        var nodes = config.Nodes.Count(n => !n.Standby);
        if (config.Nodes.Any(n => n.Standby))
            Error(node, "topology", $"cluster file '{text}' has standby nodes (started only by `cluster add-node`); a matrix cell starts every node, so remove them or their standby flag");
        return new MatrixTopology(nodes, config.Replicas, "tcp", config.RaftLogInEngine) { ClusterFile = Path.GetFullPath(path) };
    }

    /// <summary>A YCSB workload's own `transport` (in-process or tcp; null when absent).</summary>
    private string? ParseWorkloadTransport(YamlMappingNode m, string path)
    {
        if (Find(m, "transport") is not { } key) return null;
        var text = Scalar(m, "transport");
        if (text is "in-process" or "tcp") return text;
        Error(m.Children[key], path + ".transport", $"unknown transport '{text}'; transports: in-process, tcp");
        return null;
    }

    /// <summary>A workload's own transport needs a cluster to run on: a topology given as a mapping, and a cell that runs on it.</summary>
    private void CheckWorkloadTransports(YamlMappingNode root, MatrixLayer layer, MatrixTopology? topology, List<MatrixWorkload> workloads)
    {
        foreach (var w in workloads)
        {
            if (w.Transport is null) continue;
            var effective = (w.Layer ?? layer).ToString().ToLowerInvariant();
            var onCluster = effective == "sql" ? SqlCellServer.IsCluster(topology) : ClusterCells.RunsOnCluster(effective, topology);
            if (topology is null || topology.ClusterFile is not null || !onCluster)
                Error(root, $"workloads.{w.Label}.transport", $"transport applies to cluster cells of a topology mapping {{ nodes, replicas }} (more than one node or replica); workload '{w.Label}' runs at layer {effective}{(topology?.ClusterFile is not null ? " on a cluster file, whose processes are always tcp" : " without such a cluster")} (line {w.Line})");
            else if (w.Transport == "tcp" && effective == "sql" && !SqlCellServer.IsCluster(topology))
                Error(root, $"workloads.{w.Label}.transport", $"transport tcp at layer sql needs a replicated cluster (line {w.Line})");
        }
    }
}
