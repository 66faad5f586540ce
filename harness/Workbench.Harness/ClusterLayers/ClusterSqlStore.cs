using Workbench.Cluster.Topology;
using Workbench.Sql.Transactions;
using Workbench.Storage;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// The SQL layer's store on a replicated in-process cluster (TiDB over TiKV in one process): PD
/// and every store of the cluster config, and Percolator transactions through the cluster's
/// transactional service. The store owns the cluster.
/// </summary>
public static class ClusterSqlStore
{
    public static ISqlStore Open(ClusterConfig config, EngineRegistry registry, string directory, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = ClusterLayer.Open(config, registry, directory, "txn", seed);
        var engines = string.Join(", ", config.Nodes.Select(n => $"{n.Id}:{n.Engine.Name}"));
        return new PercolatorSqlStore(layer.Txn!, $"in-process cluster: {config.Nodes.Count} nodes [{engines}], {config.Replicas} replicas, raft.log {(config.RaftLogInEngine ? "engine" : "separate")}; Percolator transactions routed by region",
            layer.Engine, [layer]);
    }
}
