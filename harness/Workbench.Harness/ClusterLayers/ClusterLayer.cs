using System.Globalization;
using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Harness.Matrix.Attribution;
using Workbench.Harness.Ycsb;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Txn.Storage;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// Layers raft and txn over a replicated in-process cluster for the tools (`ycsb --cluster`,
/// matrix cells with a topology): PD and every store in this process on the local disk, the
/// cluster's files counted (raft_log, snapshot), and the clients: raft = a RawClient per
/// operation (TiKV raw mode), txn = one Percolator transaction per operation through
/// <see cref="ClusterTxnKvService"/>. <see cref="Engine"/> is the cluster seen as one engine for
/// the runners' device and IO measurement.
/// </summary>
internal sealed class ClusterLayer : IDisposable
{
    private readonly CountingFileSystem _files;
    private long _lastRegionErrors;
    private readonly long[] _lastCf = new long[CfNames.Count];
    private long _lastConflicts, _lastOnePc, _lastAsync, _lastTwoPc, _lastResolves;

    private ClusterLayer(InProcessCluster cluster, CountingFileSystem files, RawClient? raw, TxnClient? txn)
    {
        Cluster = cluster;
        _files = files;
        Raw = raw;
        Txn = txn;
        var engines = new List<IKvEngine>();
        foreach (var loop in cluster.Stores.Values) engines.Add(loop.Store.Engine);
        Engine = new ClusterEngineView(engines, files, $"cluster({cluster.Config.Nodes.Count} nodes × {cluster.Config.Nodes[0].Engine.Name}, {cluster.Config.Replicas} replicas)");
    }

    public InProcessCluster Cluster { get; }
    public IKvEngine Engine { get; }
    public RawClient? Raw { get; }
    public TxnClient? Txn { get; }

    /// <summary>The cell's device bytes by layer and cause so far (every node, PD, Raft logs, snapshots), for the runners.</summary>
    public AttributionProbe Attribution { get; private set; } = null!;

    /// <summary>
    /// Starts the cluster of <paramref name="config"/> under <paramref name="directory"/>;
    /// <paramref name="engineOverride"/> (a matrix cell's engine) replaces every node's engine and
    /// <paramref name="raftLogInEngine"/> the config's raft.log when given. Engines get the txn
    /// layer's CF defaults (value separation on CF default only), as the single-node txn layer.
    /// </summary>
    public static ClusterLayer Open(ClusterConfig config, EngineRegistry registry, string directory, string layer, int seed,
        EngineConfig? engineOverride = null, bool? raftLogInEngine = null, TxnClientOptions? txnOptions = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        if (layer is not ("raft" or "txn")) throw new ArgumentException($"cluster layer must be raft or txn, not '{layer}'", nameof(layer));
        var nodes = new List<NodeConfig>();
        foreach (var n in config.Nodes)
            nodes.Add(n with { Engine = LocalKvStore.WithTxnColumnFamilyDefaults(registry, engineOverride ?? n.Engine) });
        var effective = new ClusterConfig
        {
            Topology = config.Topology,
            PdAddress = config.PdAddress,
            PdDataDir = config.PdDataDir,
            Nodes = nodes,
            Replicas = config.Replicas,
            RaftLogInEngine = raftLogInEngine ?? config.RaftLogInEngine,
            TickMs = config.TickMs,
            ElectionTick = config.ElectionTick,
            HeartbeatTick = config.HeartbeatTick,
            SplitSizeBytes = config.SplitSizeBytes,
            SplitKeys = config.SplitKeys,
        };
        if (effective.Topology != "in-process")
            throw new ArgumentException($"topology '{effective.Topology}': the tools start in-process clusters only here (tcp clusters are started with `workbench cluster up`)");
        Directory.CreateDirectory(directory);
        // Every file of the cluster (PD, each node's engine, Raft log, snapshots) is written through
        // the page-cache model, so the cell's device bytes can be attributed by layer and cause.
        var model = AttributionFiles.ForDirectory(directory);
        var files = new CountingFileSystem(model);
        var cluster = new InProcessCluster(effective, registry, files, directory, seed);
        try
        {
            cluster.WaitReadyAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            RawClient? raw = null;
            TxnClient? txn = null;
            if (layer == "raft") raw = cluster.NewRawClient();
            else txn = ClusterTxn.NewClient(cluster, txnOptions ?? new TxnClientOptions { Seed = seed }, seed);
            var usesFs = true;
            foreach (var n in nodes) usesFs &= AttributionProbe.UsesFileSystem(registry, n.Engine.Name);
            var opened = new ClusterLayer(cluster, files, raw, txn);
            opened.Attribution = new AttributionProbe(model, opened.Engine, usesFs) { LayerBytes = opened.ReadLayerBytes };
            return opened;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Bytes each layer handed down so far (monotonic, DESIGN.md §5.5): txn = Percolator
    /// modifications by CF proposed by the leaders (layer txn only); raft = Raft log bytes appended
    /// and snapshot bytes written on every replica (as written, before the page cache); engine =
    /// batches every store handed its engine, by CF (raft = the store's own state, and the log
    /// when it lives in the engine is not in it: that is the engine's raft CF through EngineRaftLog).
    /// </summary>
    public Dictionary<string, long> ReadLayerBytes()
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        var io = _files.Counters.Snapshot();
        var log = io.BytesWritten(WriteCategory.RaftLog);
        var snap = io.BytesWritten(WriteCategory.Snapshot);
        d["raft"] = log + snap;
        d["raft_log"] = log;
        d["raft_snapshot"] = snap;
        long engine = 0;
        foreach (var loop in Cluster.Stores.Values)
            foreach (var (cf, b) in loop.Store.EngineBatches.Read())
            {
                d["engine_" + cf] = d.GetValueOrDefault("engine_" + cf) + b;
                engine += b;
            }
        d["engine"] = engine;
        if (Txn is not null) TxnLayerBytes.AddTo(d, ClusterTxn.Stats(Cluster));
        return d;
    }

    public IYcsbWorker NewWorker(CoreWorkload workload, Random random) =>
        Raw is not null ? new RawYcsbWorker(Raw, workload, random) : new TxnYcsbWorker(Txn!, workload, random);

    /// <summary>Lines for the phase just finished: the cluster's shape and the layer's own counters (since the previous call).</summary>
    public string DescribeAndReset(IReadOnlyList<IYcsbWorker> workers, long userBytes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var regions = Cluster.Pd.AllRegions().Count;
        var io = _files.Counters.Snapshot();
        sb.AppendLine(inv, $"CLUSTER  - nodes: {Cluster.Config.Nodes.Count}, replicas: {Cluster.Config.Replicas}, raft.log: {(Cluster.Config.RaftLogInEngine ? "engine (in the engine's raft CF; its bytes are in the engine's categories)" : "separate")}, regions: {regions}, raft_log bytes so far: {io.BytesWritten(WriteCategory.RaftLog)}, snapshot bytes so far: {io.BytesWritten(WriteCategory.Snapshot)}");
        if (Raw is not null)
        {
            var errs = Raw.RegionErrors - _lastRegionErrors;
            _lastRegionErrors = Raw.RegionErrors;
            sb.AppendLine(inv, $"RAFT     - region errors retried: {errs}");
            return sb.ToString();
        }
        var txn = Txn!;
        txn.WaitForBackgroundWork(TimeSpan.FromSeconds(60));
        long retries = 0, failed = 0;
        foreach (var w in workers)
            if (w is TxnYcsbWorker t)
            {
                retries += t.Retries;
                failed += t.Failed;
            }
        var s = txn.Stats;
        var kv = (ClusterTxnKvService)txn.Kv;
        var regionErrors = kv.RegionErrors - _lastRegionErrors;
        _lastRegionErrors = kv.RegionErrors;
        sb.AppendLine(inv, $"TXN      - Conflicts: {s.Conflicts - _lastConflicts}, Retries: {retries}, GaveUp: {failed}, 1PC: {s.OnePc - _lastOnePc}, AsyncCommit: {s.AsyncCommit - _lastAsync}, 2PC: {s.TwoPc - _lastTwoPc}, LockResolves: {s.LockResolves - _lastResolves}, RegionErrors: {regionErrors}");
        var stats = ClusterTxn.Stats(Cluster);
        long total = 0;
        var perCf = new long[CfNames.Count];
        for (var cf = 0; cf < CfNames.Count; cf++)
        {
            long b = 0;
            foreach (var st in stats) b += st.Bytes((Cf)cf);
            perCf[cf] = b - _lastCf[cf];
            _lastCf[cf] = b;
            total += perCf[cf];
        }
        sb.Append(inv, $"TXN bytes per CF (key+value proposed by the leaders, once per write; every replica applies them): total {total}");
        for (var cf = 0; cf < CfNames.Count; cf++) sb.Append(inv, $", {CfNames.All[cf]} {perCf[cf]}");
        if (userBytes > 0) sb.Append(inv, $"; txn bytes / user bytes {(double)total / userBytes:F2}");
        sb.AppendLine();
        _lastConflicts = s.Conflicts;
        _lastOnePc = s.OnePc;
        _lastAsync = s.AsyncCommit;
        _lastTwoPc = s.TwoPc;
        _lastResolves = s.LockResolves;
        return sb.ToString();
    }

    public void Dispose()
    {
        Txn?.Dispose();
        Cluster.Dispose();
    }
}
