using Google.Protobuf;

namespace Workbench.Cluster.Client;

/// <summary>
/// Sends one request to one store by method name (kvproto's). Throws <see cref="StoreUnreachableException"/>
/// when the request surely did not reach the store, <see cref="TimeoutException"/> when it may have.
/// </summary>
public interface IStoreRpc
{
    /// <summary>Sends <paramref name="request"/> as <paramref name="method"/> to store <paramref name="storeId"/> and parses the answer with <paramref name="parser"/>.</summary>
    Task<TResponse> CallAsync<TResponse>(ulong storeId, string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>;
}
