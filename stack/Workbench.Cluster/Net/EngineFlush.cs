using Google.Protobuf.WellKnownTypes;
using Workbench.Cluster.Client;

namespace Workbench.Cluster.Net;

/// <summary>
/// The client side of the nodes' <see cref="NodeHost.FlushEngines"/> RPC: asks every listed store at
/// once to flush its engine and waits for all answers, so device-byte readings taken afterwards
/// (/proc/&lt;pid&gt;/io) include what the engines still held in memory. A store that cannot be reached
/// or fails is reported by id, never skipped silently. Its own connections (the flush answers
/// after the memtables are written, which can outlast the client RPC timeout).
/// </summary>
public static class EngineFlush
{
    /// <summary>One store's answer: <paramref name="Error"/> null when its engine flushed.</summary>
    public sealed record StoreFlush(ulong StoreId, string? Error);

    /// <summary>Flushes the engines of <paramref name="storeIds"/> (addresses from <paramref name="pd"/>) in parallel, each call bounded by <paramref name="timeout"/>; one answer per store, in the order given.</summary>
    public static async Task<IReadOnlyList<StoreFlush>> FlushAsync(IPdRpc pd, IReadOnlyList<ulong> storeIds, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(storeIds);
        await using var rpc = new TcpStoreRpc(pd, timeout);
        var calls = new Task<StoreFlush>[storeIds.Count];
        for (var i = 0; i < storeIds.Count; i++) calls[i] = One(rpc, storeIds[i]);
        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private static async Task<StoreFlush> One(TcpStoreRpc rpc, ulong storeId)
    {
        try
        {
            await rpc.CallAsync(storeId, NodeHost.FlushEngines, new Empty(), Empty.Parser).ConfigureAwait(false);
            return new StoreFlush(storeId, null);
        }
        catch (Exception e) when (e is StoreUnreachableException or TimeoutException or ClusterException or IOException)
        {
            return new StoreFlush(storeId, e.Message);
        }
    }
}
