using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.RaftLog;
using Workbench.Cluster.Server;
using Workbench.Cluster.Store;
using Workbench.Raft.Transport;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Topology;

/// <summary>
/// The <c>simulated</c> topology: PD and every store on one thread, in virtual milliseconds. A
/// seeded event queue orders everything — each store ticks every <see cref="SimulatedClusterOptions.TickMs"/>
/// with a random phase, Raft messages travel through a seeded <see cref="SimNetwork{T}"/> (drops,
/// delays, partitions), client RPCs and PD calls take a random 0–2 ms each way — so one seed
/// replays a whole run, faults included. Stores live on crashable in-memory file systems: a crash
/// drops unsynced bytes and the store restarts from what was durable. Client code runs as async
/// continuations on this same thread (virtual delays complete from the event queue).
/// Not thread-safe: the test thread drives it with <see cref="RunUntil"/> / <see cref="RunFor"/>.
/// </summary>
public sealed class SimulatedCluster : IDisposable
{
    private readonly SimulatedClusterOptions _options;
    private readonly Random _rng;
    private readonly PriorityQueue<Action, (long At, long Seq)> _events = new();
    private readonly SortedDictionary<ulong, SimNode> _nodes = [];
    private readonly FaultInjectingFileSystem _pdFs = new(new MemoryFileSystem());
    private readonly SimClock _clock;
    private long _seq;

    /// <summary>Builds PD and the stores on one virtual clock from <paramref name="options"/> and bootstraps the first region.</summary>
    public SimulatedCluster(SimulatedClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Seed = options.Seed;
        _rng = new Random(options.Seed);
        _clock = new SimClock(this);
        Net = new SimNetwork<RaftMessage>(new Random(_rng.Next()), m => (m.FromPeer.StoreId, m.ToPeer.StoreId, m.Message is null ? -1 : (int)m.Message.MsgType))
        {
            MinDelayMs = 1,
            MaxDelayMs = 3,
        };
        Pd = PlacementDriver.Open(options.Pd, () => Now, _pdFs, "/pd");
        var stores = new List<Messages.Store>();
        for (ulong id = 1; id <= (ulong)options.Nodes; id++)
        {
            var meta = new Messages.Store { Id = id, Address = $"sim-{id}", Engine = options.EngineFor(id).Name };
            if (options.ZoneOf?.Invoke(id) is { } zone) meta.Labels.Add(new StoreLabel { Key = "zone", Value = zone });
            stores.Add(meta);
            Pd.PutStore(meta);
            AddNode(id, start: true);
        }
        var first = Pd.Bootstrap(stores) ?? throw new InvalidOperationException("PD was bootstrapped already");
        foreach (var p in first.Peers) _nodes[p.StoreId].Store!.Bootstrap(first);
        PdRpc = new SimPdRpc(this);
        StoreRpc = new SimStoreRpc(this);
    }

    /// <summary>The seed every random choice derives from (printed in failures).</summary>
    public int Seed { get; }
    /// <summary>Virtual time in milliseconds.</summary>
    public long Now { get; private set; }
    /// <summary>The simulated network Raft messages cross.</summary>
    public SimNetwork<RaftMessage> Net { get; }
    /// <summary>The placement driver (replaced when PD restarts).</summary>
    public PlacementDriver Pd { get; private set; }
    /// <summary>The virtual clock clients run on.</summary>
    public IClusterClock Clock => _clock;
    /// <summary>PD's client calls (delayed 0–2 ms each way).</summary>
    public IPdRpc PdRpc { get; }
    /// <summary>Calls to the stores (delayed 0–2 ms each way).</summary>
    public IStoreRpc StoreRpc { get; }
    /// <summary>Every store id (up or down).</summary>
    public IEnumerable<ulong> StoreIds => _nodes.Keys;

    /// <summary>Whether PD answers (a PD restart is simulated as a short outage).</summary>
    public bool PdUp { get; private set; } = true;

    /// <summary>Called for every entry any store applies: (store, region, entry).</summary>
    public Action<ulong, ulong, Raft.Messages.Entry>? OnApply { get; set; }

    /// <summary>Store <paramref name="id"/>, or null while it is down.</summary>
    public RaftStore? Store(ulong id) => _nodes.TryGetValue(id, out var n) ? n.Store : null;
    /// <summary>Store <paramref name="id"/>; throws naming the seed when it is down.</summary>
    public RaftStore LiveStore(ulong id) => Store(id) ?? throw new InvalidOperationException($"store {id} is down (seed {Seed})");
    /// <summary>Whether store <paramref name="id"/> is running.</summary>
    public bool IsUp(ulong id) => Store(id) is not null;
    /// <summary>Store <paramref name="id"/>'s simulated disk (crash simulation, fault injection).</summary>
    public FaultInjectingFileSystem FileSystem(ulong id) => _nodes[id].Fs;

    /// <summary>A raw KV client on the virtual clock.</summary>
    public RawClient NewRawClient(int maxBackoffMs = 20_000) => new(new RegionCache(PdRpc), StoreRpc, Clock, new Random(_rng.Next()), maxBackoffMs);

    // ---- nodes ----

    /// <summary>Adds a store (a new node joining: it registers with PD, which may then move replicas onto it).</summary>
    public void AddStore(ulong id, string? zone = null)
    {
        if (_nodes.ContainsKey(id)) throw new ArgumentException($"store {id} exists");
        var meta = new Messages.Store { Id = id, Address = $"sim-{id}", Engine = _options.EngineFor(id).Name };
        if ((zone ?? _options.ZoneOf?.Invoke(id)) is { } z) meta.Labels.Add(new StoreLabel { Key = "zone", Value = z });
        Pd.PutStore(meta);
        AddNode(id, start: true);
    }

    private void AddNode(ulong id, bool start)
    {
        var node = new SimNode(id, new FaultInjectingFileSystem(new MemoryFileSystem()), _rng.Next(_options.TickMs));
        _nodes[id] = node;
        if (start) Start(node);
    }

    private void Start(SimNode node)
    {
        var fs = node.Fs;
        var engine = _options.Registry.Open(_options.EngineFor(node.Id), "/data", fs, ColumnFamilies.All);
        StoreRaftLog log = _options.RaftLogInEngine ? EngineRaftLog.Open(engine) : SegmentRaftLog.Open(fs, "/raft", _options.RaftLogSegmentBytes);
        var storeOptions = _options.StoreOptions(node.Id);
        storeOptions.TickMs = _options.TickMs;
        storeOptions.NowMs = () => Now;
        var store = new RaftStore(storeOptions, engine, log, fs, "/snap", new SimTransport(this, node.Id), new SimPdClient(this, node.Id), new Random(_rng.Next()));
        store.OnApply = (region, e) => OnApply?.Invoke(node.Id, region, e);
        node.Store = store;
        node.Engine = engine;
        node.Log = log;
        node.Incarnation++;
        var inc = node.Incarnation;
        Schedule(node.TickPhase + 1, () => TickLoop(node, inc));
    }

    private void TickLoop(SimNode node, long incarnation)
    {
        if (node.Store is null || node.Incarnation != incarnation) return;
        node.Store.Tick();
        Schedule(_options.TickMs, () => TickLoop(node, incarnation));
    }

    /// <summary>A machine crash: the store stops at once (pending requests never answer), unsynced bytes are lost.</summary>
    public void Crash(ulong id)
    {
        var node = _nodes[id];
        if (node.Store is null) return;
        node.Store = null;
        node.Engine = null;
        node.Log = null;
        node.Incarnation++;
        Net.DropInFlight(id);
        node.Fs.SimulateCrash();
    }

    /// <summary>Starts store <paramref name="id"/> again from its disk after a crash (no-op when it is up).</summary>
    public void Restart(ulong id)
    {
        var node = _nodes[id];
        if (node.Store is not null) return;
        Start(node);
    }

    /// <summary>PD crashes (unsynced state lost) and comes back after <paramref name="downMs"/>, reopened from its state file.</summary>
    public void RestartPd(long downMs)
    {
        PdUp = false;
        _pdFs.SimulateCrash();
        Schedule(downMs, () =>
        {
            Pd = PlacementDriver.Open(_options.Pd, () => Now, _pdFs, "/pd");
            PdUp = true;
        });
    }

    // ---- the event loop ----

    internal void Schedule(long delayMs, Action action) => _events.Enqueue(action, (Now + Math.Max(0, delayMs), _seq++));

    internal int RandomDelay() => _rng.Next(0, 3);

    internal int NextRandom(int max) => _rng.Next(max);

    /// <summary>Runs until <paramref name="condition"/> holds (checked after every event) or <paramref name="timeoutMs"/> of virtual time passed.</summary>
    public bool RunUntil(Func<bool> condition, long timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Now + timeoutMs;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null); // continuations run inline, on this thread
        try
        {
            while (!condition())
            {
                if (!Step(deadline)) return condition();
            }
            return true;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Advances virtual time by <paramref name="ms"/>, running every event due.</summary>
    public void RunFor(long ms) => RunUntil(() => false, ms);

    /// <summary>Runs until <paramref name="task"/> completes (or the timeout), then returns it.</summary>
    public T Await<T>(Task<T> task, long timeoutMs = 60_000)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!RunUntil(() => task.IsCompleted, timeoutMs)) throw new TimeoutException($"simulated task did not finish within {timeoutMs} ms of virtual time (seed {Seed})");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs until <paramref name="task"/> completes; <see cref="TimeoutException"/> naming the seed after <paramref name="timeoutMs"/> of virtual time.</summary>
    public void Await(Task task, long timeoutMs = 60_000)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!RunUntil(() => task.IsCompleted, timeoutMs)) throw new TimeoutException($"simulated task did not finish within {timeoutMs} ms of virtual time (seed {Seed})");
        task.GetAwaiter().GetResult();
    }

    private bool Step(long deadline)
    {
        long? nextEvent = _events.TryPeek(out _, out var key) ? key.At : null;
        var nextNet = Net.NextDeliveryAt;
        long? next = nextEvent is null ? nextNet : nextNet is null ? nextEvent : Math.Min(nextEvent.Value, nextNet.Value);
        if (next is null || next > deadline)
        {
            Now = deadline;
            return false;
        }
        Now = Math.Max(Now, next.Value);
        if (nextNet is not null && nextNet <= Now && (nextEvent is null || nextNet <= nextEvent))
        {
            while (Net.TryReceive(Now, out var m))
                if (_nodes.TryGetValue(m.ToPeer.StoreId, out var n) && n.Store is { } s) s.Step(m);
        }
        else
        {
            _events.Dequeue()();
        }
        foreach (var n in _nodes.Values) n.Store?.HandleReadies();
        return true;
    }

    /// <summary>Disposes every running store, its Raft log and its engine.</summary>
    public void Dispose()
    {
        foreach (var n in _nodes.Values)
        {
            n.Store?.Dispose();
            n.Log?.Dispose();
            n.Engine?.Dispose();
        }
    }

    // ---- the simulated wiring ----

    private sealed class SimNode(ulong id, FaultInjectingFileSystem fs, int tickPhase)
    {
        public ulong Id { get; } = id;
        public FaultInjectingFileSystem Fs { get; } = fs;
        public int TickPhase { get; } = tickPhase;
        public RaftStore? Store { get; set; }
        public IKvEngine? Engine { get; set; }
        public StoreRaftLog? Log { get; set; }
        public long Incarnation { get; set; }
    }

    private sealed class SimTransport(SimulatedCluster c, ulong storeId) : IStoreTransport
    {
        public void Send(RaftMessage message)
        {
            if (c.Store(storeId) is null) return;
            c.Net.Send(message, c.Now);
        }
    }

    private sealed class SimPdClient(SimulatedCluster c, ulong storeId) : IPdClient
    {
        public void StoreHeartbeat(StoreHeartbeatRequest request) => c.Schedule(c.RandomDelay(), () =>
        {
            if (c.PdUp) c.Pd.StoreHeartbeat(request);
        });

        public void RegionHeartbeat(RegionHeartbeatRequest request) => c.Schedule(c.RandomDelay(), () =>
        {
            if (!c.PdUp) return;
            var resp = c.Pd.RegionHeartbeat(request);
            if (resp is not null) c.Schedule(c.RandomDelay(), () => c.Store(storeId)?.OnRegionHeartbeatResponse(resp));
        });

        public void AskBatchSplit(AskBatchSplitRequest request, Action<AskBatchSplitResponse?> done) => c.Schedule(c.RandomDelay(), () =>
        {
            var store = c.Store(storeId);
            var resp = c.PdUp ? c.Pd.AskBatchSplit(request) : null;
            c.Schedule(c.RandomDelay(), () =>
            {
                if (ReferenceEquals(c.Store(storeId), store)) done(resp);
            });
        });

        public void ReportBatchSplit(ReportBatchSplitRequest request) => c.Schedule(c.RandomDelay(), () =>
        {
            if (c.PdUp) c.Pd.ReportBatchSplit(request);
        });
    }

    private sealed class SimPdRpc(SimulatedCluster c) : IPdRpc
    {
        private Task<T> Call<T>(Func<PlacementDriver, T> f)
        {
            var tcs = new TaskCompletionSource<T>();
            c.Schedule(c.RandomDelay(), () =>
            {
                if (!c.PdUp)
                {
                    c.Schedule(100, () => tcs.TrySetException(new TimeoutException("PD is down")));
                    return;
                }
                var r = f(c.Pd);
                c.Schedule(c.RandomDelay(), () => tcs.TrySetResult(r));
            });
            return tcs.Task;
        }

        public Task<GetRegionResponse> GetRegionAsync(byte[] key) => Call(pd =>
        {
            var r = pd.GetRegion(key);
            return r is null ? new GetRegionResponse() : new GetRegionResponse { Region = r.Value.Region, Leader = r.Value.Leader };
        });

        public Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId) => Call(pd =>
        {
            var r = pd.GetRegionById(regionId);
            return r is null ? new GetRegionResponse() : new GetRegionResponse { Region = r.Value.Region, Leader = r.Value.Leader };
        });

        public Task<GetStoreResponse> GetStoreAsync(ulong storeId) => Call(pd => new GetStoreResponse { Store = pd.GetStore(storeId) });

        public Task<TsoResponse> TsoAsync(uint count) => Call(pd => pd.Tso(count));
    }

    private sealed class SimStoreRpc(SimulatedCluster c) : IStoreRpc
    {
        public Task<TResponse> CallAsync<TResponse>(ulong storeId, string method, IMessage request, MessageParser<TResponse> parser)
            where TResponse : IMessage<TResponse>
        {
            var tcs = new TaskCompletionSource<TResponse>();
            var store = c.Store(storeId);
            if (store is null)
            {
                c.Schedule(c.RandomDelay(), () => tcs.TrySetException(new StoreUnreachableException(storeId, "down")));
                return tcs.Task;
            }
            c.Schedule(c.RandomDelay(), () =>
            {
                // Delivered only to the same incarnation: a store that crashed meanwhile lost the request.
                if (!ReferenceEquals(c.Store(storeId), store)) return;
                void Reply(IMessage resp) => c.Schedule(c.RandomDelay(), () => tcs.TrySetResult((TResponse)resp));
                if (KvServer.Admit(store, method, request, Reply, out var answer) is { } busy)
                {
                    Reply(busy);
                    return;
                }
                KvServer.Handle(store, method, request, answer);
            });
            c.Schedule(c._options.RpcTimeoutMs, () => tcs.TrySetException(new TimeoutException($"{method} to store {storeId}: no answer within {c._options.RpcTimeoutMs} ms")));
            return tcs.Task;
        }
    }

    private sealed class SimClock(SimulatedCluster c) : IClusterClock
    {
        public long NowMs => c.Now;

        public Task Delay(int milliseconds)
        {
            var tcs = new TaskCompletionSource();
            c.Schedule(milliseconds, () => tcs.TrySetResult());
            return tcs.Task;
        }
    }
}
