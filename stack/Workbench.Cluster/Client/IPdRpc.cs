using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Client;

/// <summary>What clients ask PD (pdpb's client-side calls). Implementations throw <see cref="TimeoutException"/> or <see cref="IOException"/> when PD cannot be reached.</summary>
public interface IPdRpc
{
    /// <summary>The region holding <paramref name="key"/> (an encoded key) and its leader as PD knows them.</summary>
    Task<GetRegionResponse> GetRegionAsync(byte[] key);

    /// <summary>The region with id <paramref name="regionId"/> and its leader.</summary>
    Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId);

    /// <summary>Store <paramref name="storeId"/>'s metadata (address, state, labels).</summary>
    Task<GetStoreResponse> GetStoreAsync(ulong storeId);

    /// <summary>Allocates <paramref name="count"/> consecutive timestamps from PD's TSO (the response carries the last).</summary>
    Task<TsoResponse> TsoAsync(uint count);
}
