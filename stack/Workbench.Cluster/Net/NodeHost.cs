using System.Net;
using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.RaftLog;
using Workbench.Cluster.Server;
using Workbench.Cluster.Store;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Raft.Messages;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Mvcc;

namespace Workbench.Cluster.Net;

/// <summary>
/// One node of the tcp topology (`workbench node`): the store (the engine its config names, its
/// Raft log, a <see cref="RaftStore"/> on a <see cref="StoreLoop"/>), Raft messages to other stores
/// through <see cref="TcpStoreTransport"/>, PD through <see cref="TcpPdClient"/>, and the store
/// service on the node's address: <c>BatchRaft</c> frames are stepped on the loop, every other
/// method goes by name through <see cref="KvServer"/> (its parser table decides what exists).
/// Start order: open the store, register with PD, take the first region if PD bootstrapped it with
/// a peer here (a store holding regions skips this), start the loop, then listen — so no message
/// reaches a store that might still create its first region.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly TcpPdRpc _pd;
    private readonly TcpStoreTransport _transport;
    private readonly IKvEngine _engine;
    private readonly StoreRaftLog _log;
    private readonly StoreLoop _loop;
    private FrameServer? _server;
    private long _requests;

    private NodeHost(TcpPdRpc pd, TcpStoreTransport transport, IKvEngine engine, StoreRaftLog log, StoreLoop loop, TcpPdClient pdClient)
    {
        _pd = pd;
        _transport = transport;
        _engine = engine;
        _log = log;
        _loop = loop;
        PdClient = pdClient;
    }

    /// <summary>The thread that owns the store.</summary>
    public StoreLoop Loop => _loop;
    /// <summary>The store's PD client.</summary>
    public TcpPdClient PdClient { get; }
    /// <summary>The transport carrying Raft messages to other stores.</summary>
    public TcpStoreTransport Transport => _transport;
    /// <summary>The address the store service listens on (after start).</summary>
    public IPEndPoint LocalEndpoint => _server?.LocalEndpoint ?? throw new InvalidOperationException("not listening yet");
    /// <summary>Requests the store service answered (other than BatchRaft).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>
    /// Opens node <paramref name="node"/>'s store under <paramref name="dataDir"/> and starts it; throws
    /// <see cref="TimeoutException"/> when PD cannot be reached within <paramref name="pdWait"/> and
    /// <see cref="InvalidOperationException"/> when PD refuses the store (a tombstone).
    /// </summary>
    public static async Task<NodeHost> StartAsync(ClusterConfig config, NodeConfig node, EngineRegistry registry, IFileSystem fileSystem, string dataDir, int seed, TimeSpan pdWait)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fileSystem);
        var listen = Endpoints.ParseListen(node.Address);
        fileSystem.CreateDirectory(dataDir);
        var pd = new TcpPdRpc(config.PdAddress);
        var engine = registry.Open(node.Engine, FilePaths.Combine(dataDir, "data"), fileSystem, ColumnFamilies.All);
        StoreRaftLog log = config.RaftLogInEngine ? EngineRaftLog.Open(engine) : SegmentRaftLog.Open(fileSystem, FilePaths.Combine(dataDir, "raft"));
        var transport = new TcpStoreTransport(pd);
        var pdClient = new TcpPdClient(pd);
        var store = new RaftStore(config.StoreOptions(node.Id), engine, log, fileSystem, FilePaths.Combine(dataDir, "snap"), transport, pdClient, new Random(seed));
        // A new region leader syncs max_ts with PD's TSO before computing async-commit/1PC commit_ts
        // (Txn/StoreTxnState): once per region and term, on the store loop, bounded by a short timeout.
        StoreTxnState.Of(store).MaxTsSource = () =>
        {
            var r = pd.TsoAsync(1).WaitAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
            return TimeStamp.Compose(r.Physical, (ulong)r.Logical);
        };
        var loop = new StoreLoop(store, config.TickMs);
        pdClient.Loop = loop;
        var host = new NodeHost(pd, transport, engine, log, loop, pdClient);
        try
        {
            var meta = new Messages.Store { Id = node.Id, Address = node.Address, Engine = node.Engine.Name };
            foreach (var (k, v) in node.Labels) meta.Labels.Add(new StoreLabel { Key = k, Value = v });
            var deadline = DateTime.UtcNow + pdWait;
            var put = await UntilPdAnswers(() => pd.CallAsync(PdMethods.PutStore, new PutStoreRequest { Store = meta }, PutStoreResponse.Parser), deadline, config.PdAddress).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(put.Error)) throw new InvalidOperationException($"PD refused store {node.Id}: {put.Error}");
            if (store.RegionCount == 0)
            {
                while (true)
                {
                    var b = await UntilPdAnswers(() => pd.CallAsync(PdMethods.Bootstrap, new BootstrapRequest { StoreId = node.Id }, BootstrapResponse.Parser), deadline, config.PdAddress).ConfigureAwait(false);
                    if (b.Bootstrapped)
                    {
                        if (b.Region is not null && !store.HasPeer(b.Region.Id)) store.Bootstrap(b.Region);
                        break;
                    }
                    // PD waits for every initial store to register; wait for the condition, polling PD.
                    if (DateTime.UtcNow > deadline) throw new TimeoutException($"PD at {config.PdAddress} did not bootstrap the cluster within {pdWait.TotalSeconds:F0} s (are all initial nodes started?)");
                    await Task.Delay(50).ConfigureAwait(false);
                }
            }
            loop.Start();
            host._server = new FrameServer(listen, host.Handle);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<T> UntilPdAnswers<T>(Func<Task<T>> call, DateTime deadline, string pdAddress)
    {
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"PD at {pdAddress} is unreachable: {e.Message}", e);
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>The partition test hook's control method (Jepsen's tcp nemesis); served only when <see cref="FaultHooksEnabled"/>.</summary>
    public const string FaultDropRaft = "FaultDropRaft";

    /// <summary>
    /// Whether this process serves the test hooks: only when started with WORKBENCH_FAULT_HOOKS=1
    /// (the Jepsen tcp topology sets it), so a real cluster never accepts a request to cut itself off.
    /// </summary>
    public static bool FaultHooksEnabled { get; } = Environment.GetEnvironmentVariable("WORKBENCH_FAULT_HOOKS") == "1";

    /// <summary>
    /// Flushes the node's engine (memtables to tables, dirty pages to disk) and answers when done
    /// (Net/FORMAT.md), so a reader of the process's /proc/&lt;pid&gt;/io write_bytes sees the bytes the
    /// phase put into the engine rather than leaving them in memory (`cluster status`, `ycsb --processes`).
    /// </summary>
    public const string FlushEngines = "FlushEngines";

    /// <summary>
    /// Returns the node's attribution counters (<see cref="NodeAttribution"/>: device bytes by
    /// layer.category, bytes per layer; Net/FORMAT.md), so a tcp cluster's device bytes can be
    /// explained by cause across processes. Answered only when <see cref="AttributionSource"/> is set.
    /// </summary>
    public const string ReadAttribution = "ReadAttribution";

    /// <summary>
    /// What <see cref="ReadAttribution"/> answers (set by the process that hosts the node, which
    /// knows how its files are counted); null: the method answers an error saying so. Called off
    /// the store loop, so it must read thread-safe counters only.
    /// </summary>
    public Func<NodeAttribution>? AttributionSource { get; set; }

    private void Handle(RpcRequest request, Action<RpcResponse>? reply)
    {
        Interlocked.Increment(ref _requests);
        var method = request.Method;
        if (method == FlushEngines)
        {
            // Off the store loop: a flush takes as long as writing the memtables, and the engine is
            // safe for concurrent use (IKvEngine), so Raft keeps ticking and applying meanwhile.
            _ = Task.Run(() =>
            {
                try
                {
                    _engine.Flush();
                    reply?.Invoke(new RpcResponse { Body = new Google.Protobuf.WellKnownTypes.Empty().ToByteString() });
                }
                catch (Exception e) when (e is IOException or Workbench.Storage.Errors.StorageException or ObjectDisposedException or InvalidOperationException)
                {
                    reply?.Invoke(new RpcResponse { Error = $"{FlushEngines}: {e.Message}" });
                }
            });
            return;
        }
        if (method == ReadAttribution)
        {
            var source = AttributionSource;
            reply?.Invoke(source is null
                ? new RpcResponse { Error = $"{ReadAttribution}: this node keeps no attribution counters" }
                : new RpcResponse { Body = source().ToByteString() });
            return;
        }
        if (method == TcpStoreTransport.BatchRaft)
        {
            var batch = BatchRaftMessage.Parser.ParseFrom(request.Body);
            _loop.Post(s =>
            {
                foreach (var m in batch.Msgs)
                    if (m.FromPeer is null || !_transport.DropsFrom(m.FromPeer.StoreId)) s.Step(m);
            });
            return;
        }
        if (method == FaultDropRaft && FaultHooksEnabled)
        {
            // Test hook (Net/FORMAT.md): the body is a StringValue with the store ids to cut off, comma-separated ("" heals).
            var ids = new List<ulong>();
            foreach (var part in Google.Protobuf.WellKnownTypes.StringValue.Parser.ParseFrom(request.Body).Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!ulong.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    reply?.Invoke(new RpcResponse { Error = $"{FaultDropRaft}: '{part}' is not a store id" });
                    return;
                }
                ids.Add(id);
            }
            _transport.CutOff(ids);
            reply?.Invoke(new RpcResponse());
            return;
        }
        if (!KvServer.TryParse(method, request.Body, out var req))
        {
            reply?.Invoke(new RpcResponse { Error = $"store has no method '{method}'" });
            return;
        }
        if (reply is null) return; // a one-way call of a request/response method: nothing to answer
        // Flow control answers here, on the connection's thread, even while the loop is held by an engine stall.
        if (KvServer.Admit(_loop.Store, method, req, resp => reply(new RpcResponse { Body = resp.ToByteString() }), out var answer) is { } busy)
        {
            answer(busy);
            return;
        }
        _loop.Post(s =>
        {
            try
            {
                KvServer.Handle(s, method, req, answer);
            }
            catch (ArgumentException e)
            {
                reply(new RpcResponse { Error = e.Message });
            }
        });
    }

    /// <summary>Stops the service, the loop, the transport and the PD connection, then closes the Raft log and the rest the node owns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        _loop.Dispose();
        await _transport.DisposeAsync().ConfigureAwait(false);
        await _pd.DisposeAsync().ConfigureAwait(false);
        _log.Dispose();
        _engine.Dispose();
    }
}
