using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>
/// Client end of the framed TCP RPC (FORMAT.md): one connection, many calls in flight, responses
/// matched by request id. Thread-safe: any thread may call <see cref="CallAsync"/>; writes are
/// serialized by a lock, one reader task completes the waiting calls. When the connection breaks,
/// every waiting call fails with <see cref="IOException"/> and so does every later call (make a new client).
/// </summary>
public sealed class RpcClient : IAsyncDisposable, IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<RpcResponse>> _waiting = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _reader;
    private long _nextId;
    private volatile Exception? _broken;

    private RpcClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to <paramref name="endpoint"/>; <see cref="TimeoutException"/> when the connection is not made within <paramref name="timeout"/>, the socket's exception when refused.</summary>
    public static async Task<RpcClient> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new TcpClient { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            client.Dispose();
            throw new TimeoutException($"could not connect to {endpoint} within {timeout.TotalMilliseconds} ms");
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new RpcClient(client);
    }

    /// <summary>The connection broke; every call fails from now on (make a new client).</summary>
    public bool IsBroken => _broken is not null;

    /// <summary>Sends <paramref name="body"/> as a call of <paramref name="method"/> and waits for its response; throws <see cref="TimeoutException"/> or <see cref="IOException"/>.</summary>
    public async Task<RpcResponse> CallAsync(string method, IMessage body, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(body);
        if (_broken is { } b) throw new IOException("connection is broken: " + b.Message, b);
        var id = (ulong)Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<RpcResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = tcs;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _writeLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                await FrameCodec.WriteAsync(_stream, new Frame { Request = new RpcRequest { RequestId = id, Method = method, Body = body.ToByteString() } }, cts.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
            if (_broken is { } b2) Fail(id, b2);
            return await tcs.Task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no response to {method} (request {id}) within {timeout.TotalMilliseconds} ms");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new IOException($"{method}: connection failed: {e.Message}", e);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    private void Fail(ulong id, Exception e)
    {
        if (_waiting.TryRemove(id, out var t)) t.TrySetException(new IOException("connection is broken: " + e.Message, e));
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await FrameCodec.ReadAsync(_stream, _cts.Token).ConfigureAwait(false)
                    ?? throw new IOException("server closed the connection");
                if (frame.BodyCase == Frame.BodyOneofCase.Response && _waiting.TryRemove(frame.Response.RequestId, out var tcs)) tcs.TrySetResult(frame.Response);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or InvalidProtocolBufferException or SocketException or ObjectDisposedException)
        {
            _broken = e;
            foreach (var id in _waiting.Keys) Fail(id, e);
        }
    }

    /// <summary>Closes the connection and waits for the reader task; calls still waiting then fail.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync().ConfigureAwait(false);
        _stream.Dispose();
        _client.Dispose();
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _cts.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
