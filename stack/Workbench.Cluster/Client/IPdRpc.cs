using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Client;

/// <summary>What clients ask PD (pdpb's client-side calls). Implementations throw <see cref="TimeoutException"/> or <see cref="IOException"/> when PD cannot be reached.</summary>
public interface IPdRpc
{
    Task<GetRegionResponse> GetRegionAsync(byte[] key);

    Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId);

    Task<GetStoreResponse> GetStoreAsync(ulong storeId);

    Task<TsoResponse> TsoAsync(uint count);
}
