using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>
/// TCP transport for multi-process clusters: length-prefixed protobuf frames
/// (<see cref="FrameCodec"/>), one outbound <see cref="PeerConnection"/> per peer (bounded queue,
/// reconnect with backoff), and a listener accepting both peer links (they start with a hello
/// frame) and client connections (RPC request/response frames, answered in any order). Everything received lands in
/// <see cref="Inbound"/>, a bounded channel the single-threaded node loop drains.
/// </summary>
public sealed class TcpTransport : IAsyncDisposable
{
    private readonly ulong _selfId;
    private readonly TcpListener _listener;
    private readonly Dictionary<ulong, PeerConnection> _peers = [];
    private readonly Channel<InboundItem> _inbound = Channel.CreateBounded<InboundItem>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _cts = new();
    private readonly List<Task> _tasks = [];

    /// <summary>Listens on <paramref name="listen"/> (port 0 = ephemeral) and keeps one outbound connection per peer of <paramref name="peers"/> other than itself, each with a queue of <paramref name="queueCapacity"/> messages.</summary>
    public TcpTransport(ulong selfId, IPEndPoint listen, IReadOnlyDictionary<ulong, IPEndPoint> peers, int queueCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(peers);
        _selfId = selfId;
        _listener = new TcpListener(listen);
        _listener.Start();
        foreach (var (id, ep) in peers)
            if (id != selfId) _peers[id] = new PeerConnection(selfId, ep, queueCapacity);
        _tasks.Add(Task.Run(AcceptLoopAsync));
    }

    /// <summary>Everything received: peer Raft messages and client RPC requests, for the node loop to drain.</summary>
    public ChannelReader<InboundItem> Inbound => _inbound.Reader;
    /// <summary>The port actually listened on (the ephemeral one when 0 was asked).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Queues a message to its destination; unknown destinations and full queues drop it.</summary>
    public void Send(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (_peers.TryGetValue(m.To, out var peer)) peer.TrySend(m);
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _cts.Token;
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            client.NoDelay = true;
            lock (_tasks) _tasks.Add(Task.Run(() => ServeAsync(client, ct)));
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        var stream = client.GetStream();
        var writeLock = new SemaphoreSlim(1, 1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var frame = await FrameCodec.ReadAsync(stream, ct).ConfigureAwait(false);
                if (frame is null) return;
                switch (frame.BodyCase)
                {
                    case Frame.BodyOneofCase.Raft:
                        await _inbound.Writer.WriteAsync(new InboundItem(frame.Raft, null, null), ct).ConfigureAwait(false);
                        break;
                    case Frame.BodyOneofCase.Request:
                        await _inbound.Writer.WriteAsync(new InboundItem(null, frame.Request, async resp =>
                        {
                            await writeLock.WaitAsync(ct).ConfigureAwait(false);
                            try
                            {
                                await FrameCodec.WriteAsync(stream, new Frame { Response = resp }, ct).ConfigureAwait(false);
                            }
                            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
                            {
                                // The client went away; its answer is lost.
                            }
                            finally
                            {
                                writeLock.Release();
                            }
                        }), ct).ConfigureAwait(false);
                        break;
                    case Frame.BodyOneofCase.HelloFrom:
                        break;
                    default:
                        throw new InvalidDataException($"unexpected frame {frame.BodyCase} from a peer or client");
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or InvalidProtocolBufferException or SocketException)
        {
            // Connection ends; peers reconnect, clients retry.
        }
    }

    /// <summary>Stops listening, closes peer connections and waits for the background tasks.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var p in _peers.Values) await p.DisposeAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_tasks) tasks = [.. _tasks];
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _cts.Dispose();
    }
}
