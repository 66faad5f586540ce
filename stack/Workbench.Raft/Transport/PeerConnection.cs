using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>
/// Outbound link to one peer: a bounded queue (when full, new messages are dropped — Raft
/// retransmits) drained by one task that connects, says hello, writes frames, and on any error
/// reconnects with exponential backoff (50 ms doubling to 1 s). Thread-safe: <see cref="TrySend"/> from any thread.
/// </summary>
internal sealed class PeerConnection : IAsyncDisposable
{
    private readonly ulong _selfId;
    private readonly IPEndPoint _endpoint;
    private readonly Channel<Message> _queue;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public PeerConnection(ulong selfId, IPEndPoint endpoint, int queueCapacity)
    {
        _selfId = selfId;
        _endpoint = endpoint;
        _queue = Channel.CreateBounded<Message>(new BoundedChannelOptions(queueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _loop = Task.Run(RunAsync);
    }

    public long Dropped;

    public void TrySend(Message m)
    {
        if (!_queue.Writer.TryWrite(m)) Interlocked.Increment(ref Dropped);
    }

    private async Task RunAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        var ct = _cts.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(_endpoint, ct).ConfigureAwait(false);
                var stream = client.GetStream();
                await FrameCodec.WriteAsync(stream, new Frame { HelloFrom = _selfId }, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(50);
                while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    while (_queue.Reader.TryRead(out var m))
                        await FrameCodec.WriteAsync(stream, new Frame { Raft = m }, ct).ConfigureAwait(false);
                    await stream.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
            {
                // Peer down or connection broken: messages in flight are lost (Raft tolerates loss).
                try
                {
                    await Task.Delay(backoff, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromMilliseconds(Math.Min(1000, backoff.TotalMilliseconds * 2));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _cts.Dispose();
    }
}
