using Workbench.Cluster.Net;
using Workbench.Cluster.Topology;
using Workbench.Sql.Transactions;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// The SQL layer's store on a replicated in-process cluster (TiDB over TiKV in one process): PD
/// and every store of the cluster config, and Percolator transactions through the cluster's
/// transactional service. The store owns the cluster.
/// </summary>
internal static class ClusterSqlStore
{
    public static ISqlStore Open(ClusterConfig config, EngineRegistry registry, string directory, int seed = 1) =>
        Open(config, registry, directory, seed, out _);

    /// <summary>
    /// As <see cref="Open(ClusterConfig, EngineRegistry, string, int)"/>, handing out the cluster
    /// layer too, so a matrix cell can read its counters (txn bytes per store, the Raft log and
    /// snapshot files, every node's engine). The returned store still owns (disposes) the layer.
    /// </summary>
    public static PercolatorSqlStore Open(ClusterConfig config, EngineRegistry registry, string directory, int seed, out ClusterLayer layer)
    {
        ArgumentNullException.ThrowIfNull(config);
        layer = ClusterLayer.Open(config, registry, directory, "txn", seed);
        var engines = string.Join(", ", config.Nodes.Select(n => $"{n.Id}:{n.Engine.Name}"));
        return new PercolatorSqlStore(layer.Txn!, $"in-process cluster: {config.Nodes.Count} nodes [{engines}], {config.Replicas} replicas, raft.log {(config.RaftLogInEngine ? "engine" : "separate")}; Percolator transactions routed by region",
            layer.Engine, [layer]);
    }

    /// <summary>
    /// The SQL layer's store on a running tcp cluster (`workbench cluster up`): the TiDB role in its
    /// own process, reaching PD and the stores over TCP; no engine in this process (device bytes are
    /// the node processes' own).
    /// </summary>
    /// <remarks><paramref name="storeTimeout"/>: how long a store RPC may wait for its answer (default 10 s); a Jepsen run pausing nodes passes a short one, so a statement moves on from a SIGSTOPped node quickly.</remarks>
    public static ISqlStore Join(ClusterConfig config, int seed = 1, TimeSpan? storeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cluster = TcpCluster.Connect(config.PdAddress, storeTimeout);
        try
        {
            var client = ClusterTxn.NewClient(cluster.PdRpc, cluster.StoreRpc, new TxnClientOptions { Seed = seed }, null, seed);
            return new PercolatorSqlStore(client, $"tcp cluster at PD {config.PdAddress}: {config.Nodes.Count} nodes, {config.Replicas} replicas; Percolator transactions routed by region", null, [cluster]);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }
}
