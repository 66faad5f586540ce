using Workbench.Cluster.Messages;
using Workbench.Cluster.Net;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Harness.Matrix.Attribution;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// What a `workbench node` process answers to <see cref="NodeHost.ReadAttribution"/>: its files'
/// device bytes by layer.category from the page-cache model every file of the node goes through
/// (the model in-process matrix cells use, so a tcp cell is explained the same way), and the bytes
/// each layer handed down on this store (Raft log and snapshot files, engine batches by CF, the
/// Percolator bytes its leaders proposed). Thread-safe: every source is a concurrent counter.
/// </summary>
internal static class NodeAttributionCounters
{
    /// <summary>The node's file system: counting (raft_log, snapshot) over the page-cache model over the local disk.</summary>
    public static (CountingFileSystem Files, PageCacheModelFileSystem Model) FileSystem()
    {
        var model = new PageCacheModelFileSystem(LocalFileSystem.Instance);
        return (new CountingFileSystem(model), model);
    }

    /// <summary>The source for <see cref="NodeHost.AttributionSource"/> of <paramref name="host"/>.</summary>
    public static Func<NodeAttribution> Source(NodeHost host, CountingFileSystem files, PageCacheModelFileSystem model, EngineRegistry registry, string engineName)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(files);
        var store = host.Loop.Store;
        var probe = new AttributionProbe(model, store.Engine, AttributionProbe.UsesFileSystem(registry, engineName));
        return () =>
        {
            var a = new NodeAttribution();
            foreach (var (k, v) in probe.Read()) a.Device[k] = v;
            var io = files.Counters.Snapshot();
            var log = io.BytesWritten(WriteCategory.RaftLog);
            var snap = io.BytesWritten(WriteCategory.Snapshot);
            a.Layers["raft"] = log + snap;
            a.Layers["raft_log"] = log;
            a.Layers["raft_snapshot"] = snap;
            long engine = 0;
            foreach (var (cf, b) in store.EngineBatches.Read())
            {
                a.Layers["engine_" + cf] = b;
                engine += b;
            }
            a.Layers["engine"] = engine;
            var txn = new Dictionary<string, long>(StringComparer.Ordinal);
            TxnLayerBytes.AddTo(txn, [ClusterTxn.Stats(store)]);
            foreach (var (k, v) in txn) a.Layers[k] = v;
            return a;
        };
    }
}
