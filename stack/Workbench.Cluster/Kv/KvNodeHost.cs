using System.Diagnostics;
using Google.Protobuf;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Kv;

/// <summary>
/// Runs one KV replica as a process: a <see cref="DurableRaftStorage"/> on the local disk, a
/// memory engine rebuilt from the Raft log at start, a <see cref="TcpTransport"/>, and a single
/// loop thread that owns the node: it drains inbound messages and client requests, ticks every
/// TickMs of wall-clock time (the only real clock, outside the pure core), and handles Readies.
/// </summary>
public sealed class KvNodeHost : IAsyncDisposable
{
    private readonly KvNodeHostOptions _options;
    private readonly DurableRaftStorage _storage;
    private readonly KvNode _node;
    private readonly TcpTransport _transport;

    /// <summary>Opens the replica's Raft log and rebuilds its engine under the options' directory, and starts the transport and the loop.</summary>
    public KvNodeHost(KvNodeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var fs = LocalFileSystem.Instance;
        var voters = options.Peers.Keys.OrderBy(k => k).ToArray();
        _storage = DurableRaftStorage.Open(fs, Path.Combine(options.DataDirectory, "raft").Replace('\\', '/'), voters);
        var engine = KvEngines.OpenMemory(new MemoryFileSystem(), "/kv", durable: false);
        var config = new RaftConfig
        {
            Id = options.Id,
            ElectionTick = options.ElectionTicks,
            HeartbeatTick = 1,
            Random = new Random(options.Seed),
        };
        _node = new KvNode(config, _storage, engine, new KvNodeOptions { RequestTimeoutTicks = options.ElectionTicks * 5 });
        _transport = new TcpTransport(options.Id, options.Listen, options.Peers);
    }

    /// <summary>The TCP port the node listens on (peers and clients).</summary>
    public int Port => _transport.Port;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var tick = TimeSpan.FromMilliseconds(_options.TickMs);
        var nextTick = tick;
        var reader = _transport.Inbound;
        while (!ct.IsCancellationRequested)
        {
            var wait = nextTick - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                waitCts.CancelAfter(wait);
                try
                {
                    await reader.WaitToReadAsync(waitCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // tick due
                }
            }
            while (reader.TryRead(out var item))
            {
                if (item.Raft is not null) _node.Step(item.Raft);
                else if (item.Request is not null) HandleRequest(item.Request, item.Reply!);
            }
            if (clock.Elapsed >= nextTick)
            {
                _node.Tick();
                nextTick += tick;
                if (clock.Elapsed > nextTick + tick * 10) nextTick = clock.Elapsed + tick; // after a long pause do not burst ticks
            }
            _node.ProcessReady(_transport.Send);
        }
    }

    private void HandleRequest(RpcRequest rpc, Func<RpcResponse, ValueTask> replyRpc)
    {
        ClientRequest request;
        try
        {
            if (rpc.Method != KvTcpClient.Method) throw new InvalidDataException($"unknown method '{rpc.Method}' (this node serves '{KvTcpClient.Method}')");
            request = ClientRequest.Parser.ParseFrom(rpc.Body);
        }
        catch (Exception e) when (e is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
        {
            _ = replyRpc(new RpcResponse { RequestId = rpc.RequestId, Error = e.Message });
            return;
        }
        ValueTask reply(ClientResponse r) => replyRpc(new RpcResponse { RequestId = rpc.RequestId, Body = r.ToByteString() });
        var id = request.RequestId;
        if (request.Status)
        {
            _ = reply(Status(id));
            return;
        }
        _node.Submit(request.Command, r =>
        {
            var resp = Status(id);
            resp.Ok = r.Status == KvStatus.Ok && r.Succeeded;
            resp.Found = r.Found;
            if (r.Value is not null) resp.Value = Google.Protobuf.ByteString.CopyFrom(r.Value);
            resp.NotLeader = r.Status == KvStatus.NotLeader;
            if (r.Status is KvStatus.Timeout or KvStatus.Dropped) resp.Error = r.Status.ToString().ToLowerInvariant();
            _ = reply(resp);
        });
    }

    private ClientResponse Status(ulong requestId) => new()
    {
        RequestId = requestId,
        NodeId = _node.Id,
        Term = _node.Term,
        IsLeader = _node.IsLeader,
        LeaderHint = _node.LeaderId,
    };

    /// <summary>Stops the transport and closes the Raft log.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync().ConfigureAwait(false);
        _storage.Dispose();
    }
}
