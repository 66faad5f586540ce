using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Client;

/// <summary>A region as the client last learned it, with the peer it believes leads (immutable; the cache swaps whole entries).</summary>
public sealed record CachedRegion(Region Region, Peer Leader)
{
    public Context Context() => new() { RegionId = Region.Id, RegionEpoch = Region.RegionEpoch.Clone(), Peer = Leader.Clone() };
}
