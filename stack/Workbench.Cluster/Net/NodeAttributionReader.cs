using Google.Protobuf.WellKnownTypes;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Net;

/// <summary>
/// The client side of the nodes' <see cref="NodeHost.ReadAttribution"/> RPC: asks every listed
/// store at once for its attribution counters and waits for all answers. A store that cannot be
/// reached, or keeps no counters, is reported by id with the reason, never left out silently (a
/// reader that sums the answers must know the sum is incomplete).
/// </summary>
public static class NodeAttributionReader
{
    /// <summary>One store's answer: <paramref name="Counters"/> when it answered, else <paramref name="Error"/>.</summary>
    public sealed record StoreAttribution(ulong StoreId, NodeAttribution? Counters, string? Error);

    /// <summary>Reads the counters of <paramref name="storeIds"/> (through PD's store addresses), each within <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<StoreAttribution>> ReadAsync(IPdRpc pd, IReadOnlyList<ulong> storeIds, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(storeIds);
        await using var rpc = new TcpStoreRpc(pd, timeout);
        var calls = new Task<StoreAttribution>[storeIds.Count];
        for (var i = 0; i < storeIds.Count; i++) calls[i] = One(rpc, storeIds[i]);
        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private static async Task<StoreAttribution> One(TcpStoreRpc rpc, ulong storeId)
    {
        try
        {
            var counters = await rpc.CallAsync(storeId, NodeHost.ReadAttribution, new Empty(), NodeAttribution.Parser).ConfigureAwait(false);
            return new StoreAttribution(storeId, counters, null);
        }
        catch (Exception e) when (e is StoreUnreachableException or TimeoutException or ClusterException or IOException)
        {
            return new StoreAttribution(storeId, null, e.Message);
        }
    }
}
