using System.Net;
using System.Net.Sockets;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>
/// A minimal client of the KV demo's TCP protocol: one connection to one node, one request at a
/// time, each bounded by a timeout. Not thread-safe.
/// </summary>
public sealed class KvTcpClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private ulong _nextId;

    private KvTcpClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<KvTcpClient> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        var client = new TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new KvTcpClient(client);
    }

    /// <summary>Sends a request and waits for its response; throws <see cref="TimeoutException"/> or <see cref="IOException"/>.</summary>
    public async Task<ClientResponse> CallAsync(ClientRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RequestId = ++_nextId;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await FrameCodec.WriteAsync(_stream, new Frame { Request = request }, cts.Token).ConfigureAwait(false);
            while (true)
            {
                var frame = await FrameCodec.ReadAsync(_stream, cts.Token).ConfigureAwait(false)
                    ?? throw new IOException("node closed the connection");
                if (frame.BodyCase == Frame.BodyOneofCase.Response && frame.Response.RequestId == request.RequestId) return frame.Response;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no response to request {request.RequestId} within {timeout.TotalMilliseconds} ms");
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
