using Prometheus;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.Net;

/// <summary>
/// A node's Prometheus endpoint (GET http://STATUS_ADDRESS/metrics, TiKV's convention of one status
/// port per process). Values are read when scraped: the store's counts and the engine's metrics on its loop (bounded
/// wait), Raft log bytes from the node's counting file system. Names in Net/FORMAT.md.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    private readonly MetricsEndpoint _server;

    /// <summary>Serves <paramref name="host"/>'s metrics (store <paramref name="storeId"/>, engine <paramref name="engine"/>, Raft log bytes from <paramref name="fs"/>) on <paramref name="statusAddress"/>.</summary>
    public NodeMetrics(NodeHost host, ulong storeId, string engine, CountingFileSystem fs, string statusAddress)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(fs);
        var registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(registry);
        var labels = new[] { "store", "engine" };
        string[] ids = [storeId.ToString(System.Globalization.CultureInfo.InvariantCulture), engine];
        var regions = f.CreateGauge("workbench_store_regions", "Regions with a peer on this store.", labels).WithLabels(ids);
        var leaders = f.CreateGauge("workbench_store_leaders", "Regions this store leads.", labels).WithLabels(ids);
        var applyLag = f.CreateGauge("workbench_raft_apply_lag_entries", "Sum over regions of committed minus applied entries (persisted commit index).", labels).WithLabels(ids);
        var logBytes = f.CreateGauge("workbench_raft_log_bytes_written", "Bytes written to the Raft log (category raft_log) since start.", labels).WithLabels(ids);
        var bytes = f.CreateGauge("workbench_engine_bytes_written", "Bytes the engine wrote since start, by category (the engine's own breakdown: file system counts, or RocksDB's tickers).", ["store", "engine", "category"]);
        var diskBytes = f.CreateGauge("workbench_engine_disk_bytes", "Bytes of the engine's files on disk now.", labels).WithLabels(ids);
        var snap = f.CreateGauge("workbench_snapshot_bytes", "Region snapshot bytes generated (sent) and applied (received) since start.", ["store", "engine", "direction"]);
        var requests = f.CreateGauge("workbench_store_requests", "Frames received by the store service (client calls and Raft batches) since start.", labels).WithLabels(ids);
        var dropped = f.CreateGauge("workbench_raft_messages_dropped", "Raft messages dropped on the way to other stores (full queue, broken link).", labels).WithLabels(ids);
        var applied = f.CreateGauge("workbench_region_applied_index", "Applied Raft index of this store's peer of each region (replica catch-up).", ["store", "engine", "region", "role"]);
        var pdFailures = f.CreateGauge("workbench_pd_call_failures", "Calls to PD that failed (PD down or slow).", labels).WithLabels(ids);
        registry.AddBeforeCollectCallback(async ct =>
        {
            var q = host.Loop.Query(s =>
            {
                ulong lag = 0;
                var peers = s.PeerStates();
                foreach (var (region, _, appliedIndex, _, _) in peers)
                    if (s.RaftLog.TryGet(region.Id, out var log) && log.HardState.Commit > appliedIndex) lag += log.HardState.Commit - appliedIndex;
                return (s.RegionCount, s.LeaderCount(), lag, s.SnapshotBytesSent, s.SnapshotBytesReceived, peers, s.Engine.GetMetrics());
            });
            try
            {
                var (r, l, lag, sent, received, peers, engineMetrics) = await q.WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                foreach (var labelSet in applied.GetAllLabelValues().ToList()) applied.RemoveLabelled(labelSet); // regions that left this store disappear
                foreach (var (region, isLeader, appliedIndex, _, _) in peers)
                    applied.WithLabels(ids[0], ids[1], region.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), isLeader ? "leader" : "follower").Set(appliedIndex);
                regions.Set(r);
                leaders.Set(l);
                applyLag.Set(lag);
                snap.WithLabels(ids[0], ids[1], "sent").Set(sent);
                snap.WithLabels(ids[0], ids[1], "received").Set(received);
                foreach (var cat in WriteCategories.All) bytes.WithLabels(ids[0], ids[1], cat.ToName()).Set(engineMetrics.Io.BytesWritten(cat));
                diskBytes.Set(engineMetrics.DiskBytes);
            }
            catch (TimeoutException)
            {
                // A busy or stuck loop: keep the last values rather than block the scrape.
            }
            logBytes.Set(fs.Counters.Snapshot().BytesWritten(WriteCategory.RaftLog));
            requests.Set(host.Requests);
            dropped.Set(host.Transport.Dropped);
            pdFailures.Set(host.PdClient.Failures);
        });
        _server = new MetricsEndpoint(registry, statusAddress);
    }

    /// <summary>The port the endpoint listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Stops the endpoint.</summary>
    public void Dispose() => _server.Dispose();
}
