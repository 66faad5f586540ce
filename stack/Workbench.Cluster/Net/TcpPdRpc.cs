using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Net;

/// <summary>
/// PD over the framed TCP RPC: the client calls of <see cref="IPdRpc"/> and the store-side and
/// admin calls (register, bootstrap, heartbeats, split ids, store state, status). Throws
/// <see cref="TimeoutException"/> or <see cref="IOException"/> (<see cref="RpcNotSentException"/>
/// when PD could not be reached at all), as <see cref="IPdRpc"/> documents. Thread-safe.
/// </summary>
public sealed class TcpPdRpc : IPdRpc, IAsyncDisposable
{
    private readonly RpcChannel _channel;
    private readonly TimeSpan _timeout;

    /// <summary>PD at <paramref name="address"/> ("host:port"); calls time out after <paramref name="timeout"/> (default in the channel).</summary>
    public TcpPdRpc(string address, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _channel = new RpcChannel(() => Task.FromResult(address), TimeSpan.FromSeconds(2));
    }

    /// <summary>PD's address as given.</summary>
    public string Address { get; }

    /// <summary>Sends <paramref name="request"/> as <paramref name="method"/> and parses the answer with <paramref name="parser"/>.</summary>
    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        var resp = await _channel.CallAsync(method, request, _timeout).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(resp.Error)) throw new IOException($"PD {Address} refused {method}: {resp.Error}");
        return parser.ParseFrom(resp.Body);
    }

    /// <inheritdoc/>
    public Task<GetRegionResponse> GetRegionAsync(byte[] key) =>
        CallAsync(PdMethods.GetRegion, new GetRegionRequest { RegionKey = ByteString.CopyFrom(key) }, GetRegionResponse.Parser);

    /// <inheritdoc/>
    public Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId) =>
        CallAsync(PdMethods.GetRegionById, new GetRegionByIdRequest { RegionId = regionId }, GetRegionResponse.Parser);

    /// <inheritdoc/>
    public Task<GetStoreResponse> GetStoreAsync(ulong storeId) =>
        CallAsync(PdMethods.GetStore, new GetStoreRequest { StoreId = storeId }, GetStoreResponse.Parser);

    /// <inheritdoc/>
    public Task<TsoResponse> TsoAsync(uint count) => CallAsync(PdMethods.Tso, new TsoRequest { Count = count }, TsoResponse.Parser);

    /// <summary>The cluster's stores, regions and bootstrap state as PD sees them (`workbench cluster status`).</summary>
    public Task<GetClusterStatusResponse> GetClusterStatusAsync() =>
        CallAsync(PdMethods.GetClusterStatus, new GetClusterStatusRequest(), GetClusterStatusResponse.Parser);

    /// <summary>Marks store <paramref name="storeId"/> as <paramref name="state"/> (e.g. offline to drain it).</summary>
    public async Task SetStoreStateAsync(ulong storeId, StoreState state)
    {
        var r = await CallAsync(PdMethods.SetStoreState, new SetStoreStateRequest { StoreId = storeId, State = state }, SetStoreStateResponse.Parser).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(r.Error)) throw new InvalidOperationException(r.Error);
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
