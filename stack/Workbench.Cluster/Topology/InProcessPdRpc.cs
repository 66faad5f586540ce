using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;

namespace Workbench.Cluster.Topology;

/// <summary>A client's PD calls answered by a PD in this process (no network).</summary>
internal sealed class InProcessPdRpc(PlacementDriver pd) : IPdRpc
{
    public Task<GetRegionResponse> GetRegionAsync(byte[] key)
    {
        var r = pd.GetRegion(key);
        return Task.FromResult(r is null ? new GetRegionResponse() : new GetRegionResponse { Region = r.Value.Region, Leader = r.Value.Leader });
    }

    public Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId)
    {
        var r = pd.GetRegionById(regionId);
        return Task.FromResult(r is null ? new GetRegionResponse() : new GetRegionResponse { Region = r.Value.Region, Leader = r.Value.Leader });
    }

    public Task<GetStoreResponse> GetStoreAsync(ulong storeId) => Task.FromResult(new GetStoreResponse { Store = pd.GetStore(storeId) });

    public Task<TsoResponse> TsoAsync(uint count) => Task.FromResult(pd.Tso(count));
}
