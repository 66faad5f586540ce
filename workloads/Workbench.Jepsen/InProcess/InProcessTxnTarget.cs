using Workbench.Cluster.Client;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Txn;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Jepsen.InProcess;

/// <summary>
/// The txn layer on an in-process cluster (layer txn, topology in-process): three replicated stores
/// and PD in this process, each store with its own loop thread, the cluster's transactional service
/// (<see cref="ClusterTxnKvService"/> on the region leaders) and PD's TSO, exactly as the tcp
/// topology uses them but without sockets. The in-process cluster has no crash or partition hooks
/// (its stores share this process and their transport is a direct call), so no nemesis applies
/// here: it checks the transactional service's isolation under concurrency, region splits included;
/// the faults run on the tcp topology. Engines on the workbench file system live on a memory disk,
/// others (rocksdb) in a temporary directory.
/// </summary>
public sealed class InProcessTxnTarget : ITxnTarget
{
    private readonly InProcessCluster _cluster;
    private readonly string? _tempDir;

    /// <summary>Starts an in-process cluster of 3 stores on <paramref name="engine"/> (seeded by <paramref name="seed"/>) and a txn service over it.</summary>
    public InProcessTxnTarget(EngineRegistry registry, EngineConfig engine, int seed)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(engine);
        EngineName = engine.Name;
        var nodes = new List<NodeConfig>();
        for (ulong id = 1; id <= 3; id++) nodes.Add(new NodeConfig(id, $"127.0.0.1:{20160 + id}", engine, new Dictionary<string, string>(), 0));
        var config = new ClusterConfig
        {
            Topology = "in-process",
            Nodes = nodes,
            Replicas = 3,
            TickMs = 10,
            // Small regions, so splits happen during a short run.
            SplitSizeBytes = 256 << 10,
            SplitKeys = 2000,
        };
        IFileSystem fs;
        string dir;
        if (registry.GetFactory(engine.Name).Capabilities.HasFlag(EngineCapabilities.UsesFileSystem))
        {
            fs = new MemoryFileSystem();
            dir = "/cluster";
        }
        else
        {
            _tempDir = Path.Combine(Path.GetTempPath(), "wb-jepsen-inproc-" + Guid.NewGuid().ToString("N")[..10]);
            Directory.CreateDirectory(_tempDir);
            fs = LocalFileSystem.Instance;
            dir = _tempDir.Replace('\\', '/');
        }
        _cluster = new InProcessCluster(config, registry, fs, dir, seed);
        _cluster.WaitReadyAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        ClusterTxn.AttachTso(_cluster);
        var random = new Random(seed);
        Service = new ClusterTxnKvService(new RegionCache(_cluster.PdRpc), _cluster.StoreRpc, SystemClusterClock.Instance, new Random(random.Next()), maxBackoffMs: 10_000);
        Timestamps = new PdTimestampSource(_cluster.PdRpc, SystemClusterClock.Instance, new Random(random.Next()));
    }

    private string EngineName { get; }

    /// <inheritdoc/>
    public string Description => $"txn layer on an in-process cluster of 3 {EngineName} stores (no fault hooks: nemesis none only)";

    /// <inheritdoc/>
    public ITxnKvService Service { get; }

    /// <inheritdoc/>
    public ITimestampSource Timestamps { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<NemesisKind> SupportedNemeses { get; } = [];

    /// <summary>PD's view at the end (for the run's notes).</summary>
    public int Regions => _cluster.Pd.AllRegions().Count;

    /// <inheritdoc/>
    public string Start(NemesisKind kind, Random random) =>
        throw new JepsenConfigException($"nemesis '{NemesisNames.Name(kind)}' is not available on the in-process topology (it has no crash or partition hooks); use --topology tcp for faults");

    /// <inheritdoc/>
    public string Stop(NemesisKind kind) => "";

    /// <inheritdoc/>
    public void HealAll()
    {
    }

    /// <summary>Stops the cluster and deletes its temporary directory.</summary>
    public void Dispose()
    {
        _cluster.Dispose();
        if (_tempDir is not null && Directory.Exists(_tempDir)) Directory.Delete(_tempDir, recursive: true);
    }
}
