using System.Collections.Concurrent;
using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.RaftLog;
using Workbench.Cluster.Server;
using Workbench.Cluster.Store;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Topology;

/// <summary>
/// The <c>in-process</c> topology: PD and every store in this process, each store on its own
/// <see cref="StoreLoop"/> thread with the engine its node config names, messages passed in
/// memory (no serialization), clients calling stores through their loops. Wall-clock ticks.
/// Files go through the given file system (the local disk, counted, for measurements).
/// Membership changes while it runs: <see cref="AddNode"/> starts a new store (any engine) that PD
/// then places peers on; <see cref="DecommissionAsync"/> drains a store through PD and stops it.
/// </summary>
public sealed class InProcessCluster : IDisposable
{
    // Concurrent: the loops' transports and the clients read these while AddNode/Decommission change them.
    private readonly ConcurrentDictionary<ulong, StoreLoop> _loops = new();
    private readonly ConcurrentDictionary<ulong, (IKvEngine Engine, StoreRaftLog Log)> _owned = new();
    private readonly ConcurrentDictionary<ulong, NodeConfig> _nodes = new();
    private readonly ConcurrentDictionary<ulong, DateTime> _stopped = new();
    private readonly Random _seeds;
    private readonly object _membership = new();
    private readonly EngineRegistry _registry;
    private readonly string _directory;

    /// <summary>Starts PD and every node of <paramref name="config"/> in this process, files under <paramref name="directory"/> through <paramref name="fileSystem"/>, engines from <paramref name="registry"/>; <paramref name="seed"/> seeds the Raft timeouts.</summary>
    public InProcessCluster(ClusterConfig config, EngineRegistry registry, IFileSystem fileSystem, string directory, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fileSystem);
        Config = config;
        FileSystem = fileSystem;
        _registry = registry;
        _directory = directory;
        _seeds = new Random(seed);
        var pdOptions = config.Schedule ?? new PdOptions { Replicas = config.Replicas };
        Pd = PlacementDriver.Open(pdOptions, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), fileSystem, FilePaths.Combine(directory, "pd"));
        var metas = new List<Messages.Store>();
        foreach (var node in config.Nodes)
        {
            var meta = StoreMeta(node);
            metas.Add(meta);
            Pd.PutStore(meta);
            OpenNode(node);
        }
        var first = Pd.Bootstrap(metas);
        if (first is not null)
            foreach (var p in first.Peers) _loops[p.StoreId].Store.Bootstrap(first);
        foreach (var loop in _loops.Values) loop.Start();
        PdRpc = new InProcessPdRpc(Pd);
        StoreRpc = new InProcessStoreRpc(this);
    }

    /// <summary>The cluster config it was started from.</summary>
    public ClusterConfig Config { get; }
    /// <summary>The file system every store and PD write through.</summary>
    public IFileSystem FileSystem { get; }
    /// <summary>The placement driver.</summary>
    public PlacementDriver Pd { get; }
    /// <summary>PD's client calls, in memory.</summary>
    public IPdRpc PdRpc { get; }
    /// <summary>Calls to the stores through their loops, in memory.</summary>
    public IStoreRpc StoreRpc { get; }
    /// <summary>Every store's loop by store id.</summary>
    public IReadOnlyDictionary<ulong, StoreLoop> Stores => _loops;

    private static Messages.Store StoreMeta(NodeConfig node)
    {
        var meta = new Messages.Store { Id = node.Id, Address = node.Address, Engine = node.Engine.Name };
        foreach (var (k, v) in node.Labels) meta.Labels.Add(new StoreLabel { Key = k, Value = v });
        return meta;
    }

    /// <summary>Opens a node's engine, Raft log and store in its directory and creates (does not start) its loop.</summary>
    private StoreLoop OpenNode(NodeConfig node)
    {
        var dir = FilePaths.Combine(_directory, $"node{node.Id}");
        FileSystem.CreateDirectory(dir);
        var engine = _registry.Open(node.Engine, FilePaths.Combine(dir, "data"), FileSystem, ColumnFamilies.All);
        StoreRaftLog log = Config.RaftLogInEngine ? EngineRaftLog.Open(engine) : SegmentRaftLog.Open(FileSystem, FilePaths.Combine(dir, "raft"));
        var store = new RaftStore(Config.StoreOptions(node.Id), engine, log, FileSystem, FilePaths.Combine(dir, "snap"), new Transport(this), new PdClient(this, node.Id), new Random(_seeds.Next()));
        _owned[node.Id] = (engine, log);
        _nodes[node.Id] = node;
        var loop = new StoreLoop(store, Config.TickMs);
        _loops[node.Id] = loop;
        return loop;
    }

    // ---- membership while running ----

    /// <summary>
    /// A new node joins the running cluster: its store (with the engine its config names) registers
    /// with PD and starts; PD's replica checker and balance-region then place peers on it (each by a
    /// snapshot). The id must be new (a tombstone's id cannot come back).
    /// </summary>
    public void AddNode(NodeConfig node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_membership)
        {
            if (_nodes.ContainsKey(node.Id) || Pd.GetStore(node.Id) is not null) throw new ArgumentException($"node {node.Id}: the cluster has (or had) a store with this id");
            var loop = OpenNode(node);
            Pd.PutStore(StoreMeta(node));
            loop.Start();
        }
    }

    /// <summary>
    /// Decommissions a store (pd-ctl `store delete`): PD marks it Offline, its replica checker moves
    /// every peer away (add a learner elsewhere → promote → transfer the leader away → remove),
    /// throttled by the region-schedule-limit and store limit; PD marks it Tombstone once it holds no
    /// region. Then the store is stopped and its engine and log closed (the files stay). Completes
    /// when it is stopped; throws TimeoutException if the drain takes longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task DecommissionAsync(ulong storeId, TimeSpan timeout, CancellationToken cancel = default)
    {
        if (!_loops.TryGetValue(storeId, out var loop)) throw new ArgumentException($"store {storeId} is not running in this cluster");
        Pd.SetStoreState(storeId, StoreState.Offline);
        var deadline = DateTime.UtcNow + timeout;
        while (Pd.GetStore(storeId)?.State != StoreState.Tombstone)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"store {storeId}: still {RegionsOnStore(storeId)} regions on it after {timeout.TotalSeconds:0} s of draining");
            await Task.Delay(20, cancel).ConfigureAwait(false);
        }
        // PD no longer places anything here; peers whose removal this store has not applied yet go when it stops.
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < settle && await loop.Query(s => s.RegionCount).ConfigureAwait(false) > 0) await Task.Delay(20, cancel).ConfigureAwait(false);
        StopNode(storeId);
    }

    private int RegionsOnStore(ulong storeId)
    {
        foreach (var s in Pd.StoreSummaries())
            if (s.Store.Id == storeId) return s.Regions;
        return 0;
    }

    private void StopNode(ulong storeId)
    {
        lock (_membership)
        {
            if (!_loops.TryRemove(storeId, out var loop)) return;
            loop.Dispose();
            loop.Store.Dispose();
            if (_owned.TryRemove(storeId, out var o))
            {
                o.Log.Dispose();
                o.Engine.Dispose();
            }
            _stopped[storeId] = DateTime.UtcNow;
        }
    }

    /// <summary>Every store this cluster started, as PD sees it (state, regions, leaders, size) and whether it still runs here.</summary>
    public List<NodeStatus> Status()
    {
        var list = new List<NodeStatus>();
        foreach (var s in Pd.StoreSummaries())
        {
            if (!_nodes.TryGetValue(s.Store.Id, out var node)) continue;
            var running = _loops.TryGetValue(s.Store.Id, out var loop);
            list.Add(new NodeStatus(node.Id, node.Engine.Name, s.Store.State, s.Regions, (int)s.Leaders, s.RegionBytes, running, loop?.Failure?.Message));
        }
        return list;
    }

    /// <summary>The status of one store (null when this cluster never started it).</summary>
    public NodeStatus? Status(ulong storeId)
    {
        foreach (var s in Status())
            if (s.StoreId == storeId) return s;
        return null;
    }

    /// <summary>A raw KV client over the cluster.</summary>
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

    /// <summary>Stops every store loop, then disposes the stores, their Raft logs and engines.</summary>
    public void Dispose()
    {
        foreach (var loop in _loops.Values) loop.Dispose();
        foreach (var loop in _loops.Values) loop.Store.Dispose();
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
            if (resp is not null && c._loops.TryGetValue(storeId, out var loop)) loop.Post(s => s.OnRegionHeartbeatResponse(resp));
        }

        public void AskBatchSplit(AskBatchSplitRequest request, Action<AskBatchSplitResponse?> done)
        {
            var resp = c.Pd.AskBatchSplit(request);
            if (c._loops.TryGetValue(storeId, out var loop)) loop.Post(_ => done(resp));
        }

        public void ReportBatchSplit(ReportBatchSplitRequest request) => c.Pd.ReportBatchSplit(request);
    }

    private sealed class InProcessStoreRpc(InProcessCluster c) : IStoreRpc
    {
        /// <summary>
        /// How long a caller waits for a store's answer before the outcome counts as unknown. Writes
        /// pass the store's flow control on this thread before they are posted to its loop
        /// (<see cref="KvServer.Admit"/>), so a store whose loop is held by an engine write stall, or
        /// whose engine reports too much write debt, answers ServerIsBusy at once and the client backs
        /// off; only writes admitted before the stall was seen wait for it. 60 s had been needed while
        /// a stalled store could not answer at all (titan-in-tidb matrix, rocksdb update at 1 KB);
        /// 10 s is the limit again. A store that is gone is still reported at once (StoreUnreachable).
        /// </summary>
        private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

        public async Task<TResponse> CallAsync<TResponse>(ulong storeId, string method, IMessage request, MessageParser<TResponse> parser)
            where TResponse : IMessage<TResponse>
        {
            if (!c._loops.TryGetValue(storeId, out var loop)) throw new StoreUnreachableException(storeId, "no such store");
            var tcs = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A store stopped (decommissioned) with this request still queued never answers: unreachable, so the client re-routes.
            using var stopped = loop.Stopped.Register(() => tcs.TrySetException(new StoreUnreachableException(storeId, "the store stopped")));
            if (KvServer.Admit(loop.Store, method, request, resp => tcs.TrySetResult((TResponse)resp), out var answer) is { } busy) return (TResponse)busy;
            loop.Post(s =>
            {
                try
                {
                    KvServer.Handle(s, method, request, answer);
                }
                catch (ArgumentException e)
                {
                    tcs.TrySetException(new ClusterException(e.Message));
                }
            });
            try
            {
                return await tcs.Task.WaitAsync(AnswerTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{method} to store {storeId}: no answer within {AnswerTimeout.TotalSeconds:0} s");
            }
        }
    }
}
