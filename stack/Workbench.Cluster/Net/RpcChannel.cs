using System.Net.Sockets;
using Google.Protobuf;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;

namespace Workbench.Cluster.Net;

/// <summary>
/// Calls to one server over the framed TCP RPC with reconnection: one multiplexed
/// <see cref="RpcClient"/> connection, opened on first use and again after it breaks. The address
/// comes from a resolver (a fixed string for PD; PD's GetStore for a store), asked again after a
/// connect failure. Throws <see cref="RpcNotSentException"/> when no connection could be made (the
/// call surely was not delivered), <see cref="TimeoutException"/> when no answer came in time, and
/// <see cref="IOException"/> when the connection broke with the call possibly delivered. Thread-safe.
/// </summary>
public sealed class RpcChannel(Func<Task<string>> resolveAddress, TimeSpan connectTimeout) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private RpcClient? _client;
    private string? _address;
    private bool _disposed;

    /// <summary>The address of the last successful connection (for messages).</summary>
    public string? Address => _address;

    /// <summary>Calls <paramref name="method"/> with <paramref name="body"/>, connecting first if needed; a call not answered within <paramref name="timeout"/> throws <see cref="TimeoutException"/>.</summary>
    public async Task<RpcResponse> CallAsync(string method, IMessage body, TimeSpan timeout)
    {
        var client = await GetClientAsync().ConfigureAwait(false);
        return await client.CallAsync(method, body, timeout).ConfigureAwait(false);
    }

    private async Task<RpcClient> GetClientAsync()
    {
        var c = _client;
        if (c is not null && !c.IsBroken) return c;
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            c = _client;
            if (c is not null && !c.IsBroken) return c;
            if (c is not null)
            {
                _client = null;
                await c.DisposeAsync().ConfigureAwait(false);
            }
            string address;
            try
            {
                address = await resolveAddress().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or TimeoutException or SocketException)
            {
                throw e as RpcNotSentException ?? new RpcNotSentException("address unknown: " + e.Message, e);
            }
            var endpoint = await Endpoints.ResolveAsync(address).ConfigureAwait(false);
            try
            {
                c = await RpcClient.ConnectAsync(endpoint, connectTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or TimeoutException or IOException)
            {
                throw new RpcNotSentException($"cannot connect to {address}: {e.Message}", e);
            }
            _address = address;
            _client = c;
            return c;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Closes the connection; later calls fail.</summary>
    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
            _client = null;
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
