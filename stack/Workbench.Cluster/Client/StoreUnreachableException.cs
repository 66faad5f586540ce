namespace Workbench.Cluster.Client;

/// <summary>The store could not be reached (down, unknown address, connection refused): the request was not delivered.</summary>
public sealed class StoreUnreachableException(ulong storeId, string why) : Exception($"store {storeId} is unreachable: {why}")
{
    /// <summary>The store that could not be reached.</summary>
    public ulong StoreId { get; } = storeId;
}
