using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.RaftLog;
using Workbench.Cluster.Server;
using Workbench.Cluster.Store;
using Workbench.Storage;

namespace Workbench.Cluster.Topology;

/// <summary>
/// The <c>in-process</c> topology: PD and every store in this process, each store on its own
/// <see cref="StoreLoop"/> thread with the engine its node config names, messages passed in
/// memory (no serialization), clients calling stores through their loops. Wall-clock ticks.
/// Files go through the given file system (the local disk, counted, for measurements).
/// </summary>
public sealed class InProcessCluster : IDisposable
{
    private readonly Dictionary<ulong, StoreLoop> _loops = [];
    private readonly Dictionary<ulong, (IKvEngine Engine, StoreRaftLog Log)> _owned = [];
    private readonly Random _seeds;

    public InProcessCluster(ClusterConfig config, EngineRegistry registry, IFileSystem fileSystem, string directory, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fileSystem);
        Config = config;
        FileSystem = fileSystem;
        _seeds = new Random(seed);
        var pdOptions = new PdOptions { Replicas = config.Replicas };
        Pd = PlacementDriver.Open(pdOptions, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), fileSystem, FilePaths.Combine(directory, "pd"));
        var metas = new List<Messages.Store>();
        foreach (var node in config.Nodes)
        {
            var meta = new Messages.Store { Id = node.Id, Address = node.Address, Engine = node.Engine.Name };
            foreach (var (k, v) in node.Labels) meta.Labels.Add(new StoreLabel { Key = k, Value = v });
            metas.Add(meta);
            Pd.PutStore(meta);
            var dir = FilePaths.Combine(directory, $"node{node.Id}");
            fileSystem.CreateDirectory(dir);
            var engine = registry.Open(node.Engine, FilePaths.Combine(dir, "data"), fileSystem, ColumnFamilies.All);
            StoreRaftLog log = config.RaftLogInEngine ? EngineRaftLog.Open(engine) : SegmentRaftLog.Open(fileSystem, FilePaths.Combine(dir, "raft"));
            var store = new RaftStore(config.StoreOptions(node.Id), engine, log, fileSystem, FilePaths.Combine(dir, "snap"), new Transport(this), new PdClient(this, node.Id), new Random(_seeds.Next()));
            _owned[node.Id] = (engine, log);
            _loops[node.Id] = new StoreLoop(store, config.TickMs);
        }
        var first = Pd.Bootstrap(metas);
        if (first is not null)
            foreach (var p in first.Peers) _loops[p.StoreId].Store.Bootstrap(first);
        foreach (var loop in _loops.Values) loop.Start();
        PdRpc = new InProcessPdRpc(Pd);
        StoreRpc = new InProcessStoreRpc(this);
    }

    public ClusterConfig Config { get; }
    public IFileSystem FileSystem { get; }
    public PlacementDriver Pd { get; }
    public IPdRpc PdRpc { get; }
    public IStoreRpc StoreRpc { get; }
    public IReadOnlyDictionary<ulong, StoreLoop> Stores => _loops;

    public RawClient NewRawClient() => new(new RegionCache(PdRpc), StoreRpc, SystemClusterClock.Instance, new Random(_seeds.Next()));

    /// <summary>Waits (polling the stores on their loops) until every region PD knows has a leader.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var leaders = 0;
            foreach (var loop in _loops.Values) leaders += await loop.Query(s => s.LeaderCount()).ConfigureAwait(false);
            if (leaders >= Pd.AllRegions().Count && leaders > 0) return;
            await Task.Delay(10).ConfigureAwait(false);
        }
        throw new TimeoutException($"the cluster elected no leader within {timeout.TotalSeconds} s");
    }

    public void Dispose()
    {
        foreach (var loop in _loops.Values) loop.Dispose();
        foreach (var (engine, log) in _owned.Values)
        {
            log.Dispose();
            engine.Dispose();
        }
    }

    private sealed class Transport(InProcessCluster c) : IStoreTransport
    {
        public void Send(RaftMessage message)
        {
            if (c._loops.TryGetValue(message.ToPeer.StoreId, out var loop)) loop.Post(s => s.Step(message));
        }
    }

    private sealed class PdClient(InProcessCluster c, ulong storeId) : IPdClient
    {
        public void StoreHeartbeat(StoreHeartbeatRequest request) => c.Pd.StoreHeartbeat(request);

        public void RegionHeartbeat(RegionHeartbeatRequest request)
        {
            var resp = c.Pd.RegionHeartbeat(request);
            if (resp is not null) c._loops[storeId].Post(s => s.OnRegionHeartbeatResponse(resp));
        }

        public void AskBatchSplit(AskBatchSplitRequest request, Action<AskBatchSplitResponse?> done)
        {
            var resp = c.Pd.AskBatchSplit(request);
            c._loops[storeId].Post(_ => done(resp));
        }

        public void ReportBatchSplit(ReportBatchSplitRequest request) => c.Pd.ReportBatchSplit(request);
    }

    private sealed class InProcessStoreRpc(InProcessCluster c) : IStoreRpc
    {
        public async Task<TResponse> CallAsync<TResponse>(ulong storeId, string method, IMessage request, MessageParser<TResponse> parser)
            where TResponse : IMessage<TResponse>
        {
            if (!c._loops.TryGetValue(storeId, out var loop)) throw new StoreUnreachableException(storeId, "no such store");
            var tcs = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            loop.Post(s =>
            {
                try
                {
                    KvServer.Handle(s, method, request, resp => tcs.TrySetResult((TResponse)resp));
                }
                catch (ArgumentException e)
                {
                    tcs.TrySetException(new ClusterException(e.Message));
                }
            });
            try
            {
                return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{method} to store {storeId}: no answer within 10 s");
            }
        }
    }
}
