using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Client;

/// <summary>
/// A region as the client last learned it, with the peer it believes leads (immutable; the cache
/// swaps whole entries). <see cref="UnreachableTries"/> counts peers tried in a row that did not
/// serve (the store unreachable, or not leader without naming one): once every peer was tried, the entry is dropped and PD asked again (client-go's
/// reload after all peers failed), so a region whose stores were all replaced is found again.
/// </summary>
public sealed record CachedRegion(Region Region, Peer Leader, int UnreachableTries = 0)
{
    /// <summary>The kvproto context of a request to this region's believed leader (region id, epoch, peer).</summary>
    public Context Context() => new() { RegionId = Region.Id, RegionEpoch = Region.RegionEpoch.Clone(), Peer = Leader.Clone() };
}
