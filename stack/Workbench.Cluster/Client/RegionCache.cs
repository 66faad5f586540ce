using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;

namespace Workbench.Cluster.Client;

/// <summary>
/// client-go's region cache: regions by start key, each with the peer believed to lead. A miss
/// asks PD; region errors update it (a new leader, the current regions of an EpochNotMatch) or
/// drop an entry (RegionNotFound, KeyNotInRegion). Thread-safe.
/// </summary>
public sealed class RegionCache(IPdRpc pd)
{
    private readonly object _lock = new();
    private readonly SortedDictionary<byte[], CachedRegion> _byStart = new(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
    private readonly Dictionary<ulong, CachedRegion> _byId = [];

    /// <summary>Lookups PD had to answer (cache misses) so far.</summary>
    public long Misses { get; private set; }

    /// <summary>Regions cached now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _byId.Count;
        }
    }

    /// <summary>The region holding <paramref name="key"/>, from the cache or PD (backing off while PD knows none).</summary>
    public async Task<CachedRegion> LocateAsync(byte[] key, Backoffer bo)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(bo);
        while (true)
        {
            var hit = Lookup(key);
            if (hit is not null) return hit;
            lock (_lock) Misses++;
            GetRegionResponse resp;
            try
            {
                resp = await pd.GetRegionAsync(key).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or IOException)
            {
                await bo.BackoffAsync(BackoffKind.PdRpc, "PD: " + e.Message).ConfigureAwait(false);
                continue;
            }
            if (resp.Region is null || resp.Region.Peers.Count == 0)
            {
                await bo.BackoffAsync(BackoffKind.RegionMiss, $"PD knows no region for key {RegionChecks.Hex(key)}").ConfigureAwait(false);
                continue;
            }
            var leader = resp.Leader is { Id: not 0 } l && RegionChecks.PeerById(resp.Region, l.Id) is not null ? l : resp.Region.Peers[0];
            var entry = new CachedRegion(resp.Region, leader);
            Insert(entry);
            if (RegionChecks.ContainsKey(entry.Region, key)) return entry;
        }
    }

    /// <summary>The cached region holding <paramref name="key"/>, or null when not cached (no PD call).</summary>
    public CachedRegion? Lookup(ReadOnlySpan<byte> key)
    {
        lock (_lock)
        {
            CachedRegion? found = null;
            foreach (var (start, r) in _byStart)
            {
                if (start.AsSpan().SequenceCompareTo(key) > 0) break;
                found = r;
            }
            return found is not null && RegionChecks.ContainsKey(found.Region, key) ? found : null;
        }
    }

    private void Insert(CachedRegion entry)
    {
        lock (_lock)
        {
            List<CachedRegion>? overlapped = null;
            foreach (var r in _byId.Values)
                if (RegionChecks.Overlaps(r.Region, entry.Region)) (overlapped ??= []).Add(r);
            if (overlapped is not null)
                foreach (var r in overlapped) RemoveLocked(r.Region.Id);
            _byId[entry.Region.Id] = entry;
            _byStart[entry.Region.StartKey.ToByteArray()] = entry;
        }
    }

    private void RemoveLocked(ulong regionId)
    {
        if (!_byId.Remove(regionId, out var r)) return;
        var key = r.Region.StartKey.ToByteArray();
        if (_byStart.TryGetValue(key, out var cur) && cur.Region.Id == regionId) _byStart.Remove(key);
    }

    /// <summary>Drops region <paramref name="regionId"/> so the next lookup asks PD.</summary>
    public void Invalidate(ulong regionId)
    {
        lock (_lock) RemoveLocked(regionId);
    }

    /// <summary>NotLeader with a leader: remember it. Returns false when it is not a peer the cache knows (then the entry is dropped).</summary>
    public bool UpdateLeader(ulong regionId, Peer leader)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(regionId, out var r)) return false;
            var known = RegionChecks.PeerById(r.Region, leader.Id);
            if (known is null)
            {
                RemoveLocked(regionId);
                return false;
            }
            var entry = r with { Leader = known };
            _byId[regionId] = entry;
            _byStart[r.Region.StartKey.ToByteArray()] = entry;
            return true;
        }
    }

    /// <summary>NotLeader without a leader: try the next peer (the region may be electing).</summary>
    public void SwitchToNextPeer(ulong regionId)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(regionId, out var r) || r.Region.Peers.Count == 0) return;
            if (r.UnreachableTries + 1 >= r.Region.Peers.Count)
            {
                RemoveLocked(regionId);
                return;
            }
            var i = r.Region.Peers.IndexOf(r.Region.Peers.FirstOrDefault(p => p.Id == r.Leader.Id)!);
            var next = r.Region.Peers[(i + 1) % r.Region.Peers.Count];
            var entry = r with { Leader = next, UnreachableTries = r.UnreachableTries + 1 };
            _byId[regionId] = entry;
            _byStart[r.Region.StartKey.ToByteArray()] = entry;
        }
    }

    /// <summary>EpochNotMatch: the store's current regions replace what the cache had for those ranges (the leader stays on the store that answered, when it has a peer).</summary>
    public void OnEpochNotMatch(CachedRegion stale, IEnumerable<Region> current)
    {
        ArgumentNullException.ThrowIfNull(stale);
        ArgumentNullException.ThrowIfNull(current);
        var any = false;
        foreach (var r in current)
        {
            if (r.Peers.Count == 0) continue;
            var leader = RegionChecks.PeerOnStore(r, stale.Leader.StoreId) ?? r.Peers[0];
            Insert(new CachedRegion(r.Clone(), leader));
            any = true;
        }
        if (!any) Invalidate(stale.Region.Id);
    }
}
