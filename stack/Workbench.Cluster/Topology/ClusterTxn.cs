using Workbench.Cluster.Store;
using Workbench.Cluster.Client;
using Workbench.Cluster.Txn;
using Workbench.Txn.Client;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Service;

namespace Workbench.Cluster.Topology;

/// <summary>
/// Builds the transaction client over a cluster from its PD and store RPCs only (so every
/// topology, tcp included, uses it unchanged): a <see cref="ClusterTxnKvService"/> with its own
/// region cache, timestamps from PD's TSO, and TiDB's 2PC/async-commit/1PC client on top.
/// </summary>
public static class ClusterTxn
{
    /// <summary>A txn client over <paramref name="pd"/> and <paramref name="stores"/> with <paramref name="options"/>, on <paramref name="clock"/> (wall clock when null); <paramref name="seed"/> seeds its backoffs.</summary>
    public static TxnClient NewClient(IPdRpc pd, IStoreRpc stores, TxnClientOptions? options = null, IClusterClock? clock = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(stores);
        var c = clock ?? SystemClusterClock.Instance;
        var random = new Random(seed);
        var kv = new ClusterTxnKvService(new RegionCache(pd), stores, c, new Random(random.Next()));
        var client = new TxnClient(kv, new PdTimestampSource(pd, c, new Random(random.Next())), options ?? new TxnClientOptions { Seed = seed });
        kv.OnServerBusy = client.Stats.RecordServerBusy;
        return client;
    }

    /// <summary>
    /// Gives every store of an in-process cluster its max_ts sync source (PD's TSO, in this
    /// process), which region leaders need before computing async-commit and 1PC commit_ts.
    /// </summary>
    public static void AttachTso(InProcessCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var pd = cluster.Pd;
        foreach (var loop in cluster.Stores.Values)
            StoreTxnState.Of(loop.Store).MaxTsSource = () =>
            {
                var r = pd.Tso(1);
                return TimeStamp.Compose(r.Physical, (ulong)r.Logical);
            };
    }

    /// <summary>A transaction client over an in-process cluster (TSO attached to its stores first).</summary>
    public static TxnClient NewClient(InProcessCluster cluster, TxnClientOptions? options = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        AttachTso(cluster);
        return NewClient(cluster.PdRpc, cluster.StoreRpc, options, null, seed);
    }

    /// <summary>Txn-layer bytes proposed by the leaders of every store of the cluster, summed (DESIGN.md §5.5).</summary>
    public static TxnWriteStats[] Stats(InProcessCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var list = new List<TxnWriteStats>();
        foreach (var loop in cluster.Stores.Values) list.Add(StoreTxnState.Of(loop.Store).Stats);
        return [.. list];
    }

    /// <summary>Txn-layer bytes proposed by the leaders of one store (a node process's own, DESIGN.md §5.5).</summary>
    public static TxnWriteStats Stats(RaftStore store) => StoreTxnState.Of(store).Stats;
}
