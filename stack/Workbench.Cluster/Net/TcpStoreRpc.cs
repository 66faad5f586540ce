using System.Collections.Concurrent;
using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Net;

/// <summary>
/// <see cref="IStoreRpc"/> over the framed TCP RPC: one connection per store (multiplexed, many
/// calls in flight), its address from PD's GetStore. Error mapping (IStoreRpc's contract): no
/// address, a tombstone, or a connect failure → <see cref="StoreUnreachableException"/> (surely not
/// delivered); no answer in time or a connection lost mid-call → <see cref="TimeoutException"/>
/// (maybe delivered); the store could not run the method → <see cref="ClusterException"/>. Thread-safe.
/// </summary>
internal sealed class TcpStoreRpc(IPdRpc pd, TimeSpan? timeout = null) : IStoreRpc, IAsyncDisposable
{
    private readonly ConcurrentDictionary<ulong, RpcChannel> _channels = new();
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(10);

    public async Task<TResponse> CallAsync<TResponse>(ulong storeId, string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        var channel = _channels.GetOrAdd(storeId, id => new RpcChannel(() => AddressOf(id), TimeSpan.FromSeconds(1)));
        Raft.Messages.RpcResponse resp;
        try
        {
            resp = await channel.CallAsync(method, request, _timeout).ConfigureAwait(false);
        }
        catch (RpcNotSentException e)
        {
            throw new StoreUnreachableException(storeId, e.Message);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{method} to store {storeId}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new TimeoutException($"{method} to store {storeId}: the connection broke before the answer ({e.Message})", e);
        }
        if (!string.IsNullOrEmpty(resp.Error)) throw new ClusterException($"store {storeId}: {resp.Error}");
        try
        {
            return parser.ParseFrom(resp.Body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ClusterException($"store {storeId}: {method} response does not parse: {e.Message}");
        }
    }

    private async Task<string> AddressOf(ulong storeId)
    {
        var r = await pd.GetStoreAsync(storeId).ConfigureAwait(false);
        if (r.Store is null || string.IsNullOrEmpty(r.Store.Address)) throw new RpcNotSentException($"PD knows no address for store {storeId}");
        if (r.Store.State == StoreState.Tombstone) throw new RpcNotSentException($"store {storeId} is a tombstone");
        return r.Store.Address;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _channels.Values) await c.DisposeAsync().ConfigureAwait(false);
        _channels.Clear();
    }
}
