using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Store;

/// <summary>Checks on regions as TiKV's util.rs does them: key ranges [start, end) (empty end = +∞), epochs, peers.</summary>
public static class RegionChecks
{
    /// <summary>Whether <paramref name="key"/> is in [start, end) of <paramref name="region"/>.</summary>
    public static bool ContainsKey(Region region, ReadOnlySpan<byte> key) =>
        key.SequenceCompareTo(region.StartKey.Span) >= 0
        && (region.EndKey.IsEmpty || key.SequenceCompareTo(region.EndKey.Span) < 0);

    /// <summary>Whether the key ranges of <paramref name="a"/> and <paramref name="b"/> overlap.</summary>
    public static bool Overlaps(Region a, Region b) =>
        (b.EndKey.IsEmpty || a.StartKey.Span.SequenceCompareTo(b.EndKey.Span) < 0)
        && (a.EndKey.IsEmpty || b.StartKey.Span.SequenceCompareTo(a.EndKey.Span) < 0);

    /// <summary>Ordinary reads and writes check the version only (a split changes the range; a membership change does not).</summary>
    public static bool VersionMatches(RegionEpoch? requested, RegionEpoch current) => requested is not null && requested.Version == current.Version;

    /// <summary>Membership changes check conf_ver; splits check both (TiKV's check_region_epoch for admin commands).</summary>
    public static bool EpochMatches(RegionEpoch? requested, RegionEpoch current, bool checkVersion, bool checkConfVer) =>
        requested is not null
        && (!checkVersion || requested.Version == current.Version)
        && (!checkConfVer || requested.ConfVer == current.ConfVer);

    /// <summary>An epoch is stale when either counter is behind (TiKV's is_epoch_stale).</summary>
    public static bool IsStale(RegionEpoch epoch, RegionEpoch current) => epoch.Version < current.Version || epoch.ConfVer < current.ConfVer;

    /// <summary>The peer of <paramref name="region"/> on store <paramref name="storeId"/>, or null.</summary>
    public static Peer? PeerOnStore(Region region, ulong storeId)
    {
        foreach (var p in region.Peers)
            if (p.StoreId == storeId) return p;
        return null;
    }

    /// <summary>The peer of <paramref name="region"/> with id <paramref name="peerId"/>, or null.</summary>
    public static Peer? PeerById(Region region, ulong peerId)
    {
        foreach (var p in region.Peers)
            if (p.Id == peerId) return p;
        return null;
    }

    /// <summary>"region id [start, end) epoch conf_ver/version peers", for logs and errors.</summary>
    public static string Describe(Region r) =>
        $"region {r.Id} [{Hex(r.StartKey.Span)}, {(r.EndKey.IsEmpty ? "+inf" : Hex(r.EndKey.Span))}) epoch {r.RegionEpoch?.ConfVer}/{r.RegionEpoch?.Version}";

    /// <summary>A key in hex ("" quoted when empty), for messages.</summary>
    public static string Hex(ReadOnlySpan<byte> key) => key.IsEmpty ? "\"\"" : Convert.ToHexString(key);
}
