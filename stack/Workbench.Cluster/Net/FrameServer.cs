using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;

namespace Workbench.Cluster.Net;

/// <summary>
/// Server end of the framed TCP RPC (stack/Workbench.Raft/Transport/FORMAT.md, Net/FORMAT.md): accepts
/// connections, reads <c>Frame.request</c>s and hands each to the handler with a reply callback.
/// Requests with <c>request_id</c> 0 are one-way (Raft messages): the handler gets no reply callback.
/// Replies may come in any order from any thread; writes to one connection are serialized.
/// </summary>
internal sealed class FrameServer : IAsyncDisposable
{
    /// <summary>(request, reply or null for one-way). Runs on the connection's reader: hand long work elsewhere.</summary>
    public delegate void Handler(RpcRequest request, Action<RpcResponse>? reply);

    private readonly TcpListener _listener;
    private readonly Handler _handler;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<Task> _tasks = [];
    private readonly List<TcpClient> _clients = [];

    public FrameServer(IPEndPoint listen, Handler handler)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _listener = new TcpListener(listen);
        _listener.Start(512);
        _tasks.Add(Task.Run(AcceptLoopAsync));
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

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
            lock (_tasks)
            {
                _clients.Add(client);
                _tasks.Add(Task.Run(() => ServeAsync(client, ct)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        var stream = client.GetStream();
        // Replies are queued and written by one writer task (never on the caller's thread: the
        // store loop answers and must not block on a slow client); it writes all queued replies, then flushes once.
        var replies = Channel.CreateUnbounded<RpcResponse>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(() => WriteLoopAsync(stream, replies.Reader, ct));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var frame = await FrameCodec.ReadAsync(stream, ct).ConfigureAwait(false);
                if (frame is null) return;
                if (frame.BodyCase == Frame.BodyOneofCase.HelloFrom) continue;
                if (frame.BodyCase != Frame.BodyOneofCase.Request) throw new InvalidDataException($"unexpected frame {frame.BodyCase}");
                var req = frame.Request;
                var id = req.RequestId;
                try
                {
                    _handler(req, id == 0 ? null : resp =>
                    {
                        resp.RequestId = id;
                        replies.Writer.TryWrite(resp);
                    });
                }
                catch (Exception e) when (e is ArgumentException or InvalidProtocolBufferException or InvalidOperationException)
                {
                    if (id != 0) replies.Writer.TryWrite(new RpcResponse { RequestId = id, Error = $"{req.Method}: {e.Message}" });
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or InvalidProtocolBufferException or SocketException or ObjectDisposedException)
        {
            // The connection ends; peers reconnect, clients retry.
        }
        finally
        {
            replies.Writer.TryComplete();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away; its answers are lost.
            }
            lock (_tasks) _clients.Remove(client);
        }
    }

    private static async Task WriteLoopAsync(NetworkStream stream, ChannelReader<RpcResponse> replies, CancellationToken ct)
    {
        var buffered = new BufferedStream(stream, 64 << 10);
        while (await replies.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (replies.TryRead(out var resp)) await FrameCodec.WriteAsync(buffered, new Frame { Response = resp }, ct).ConfigureAwait(false);
            await buffered.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Task[] tasks;
        lock (_tasks)
        {
            foreach (var c in _clients) c.Dispose();
            tasks = [.. _tasks];
        }
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
