using Workbench.Cluster.Topology;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>Assertions over a whole simulated cluster: who leads a region, and whether every live replica of every region holds the same data.</summary>
public static class ClusterChecks
{
    public static ulong LeaderStore(SimulatedCluster c, ulong regionId)
    {
        foreach (var id in c.StoreIds)
            if (c.Store(id)?.IsLeaderOf(regionId) == true) return id;
        return 0;
    }

    /// <summary>Runs until every region PD knows has a leader and all live replicas of it have the same applied data (or the timeout).</summary>
    public static bool WaitReplicasAgree(SimulatedCluster c, long timeoutMs) => c.RunUntil(() => ReplicasAgree(c, out _), timeoutMs);

    public static bool ReplicasAgree(SimulatedCluster c, out string detail)
    {
        foreach (var (region, _) in c.Pd.AllRegions())
        {
            List<(byte[] Key, byte[] Value)>? reference = null;
            ulong refStore = 0;
            if (LeaderStore(c, region.Id) == 0)
            {
                detail = $"region {region.Id} has no leader";
                return false;
            }
            foreach (var p in region.Peers)
            {
                var s = c.Store(p.StoreId);
                if (s is null) continue;
                var dump = s.DumpRegion(region.Id);
                if (reference is null)
                {
                    reference = dump;
                    refStore = p.StoreId;
                    continue;
                }
                if (dump.Count != reference.Count || dump.Zip(reference).Any(z => !z.First.Key.AsSpan().SequenceEqual(z.Second.Key) || !z.First.Value.AsSpan().SequenceEqual(z.Second.Value)))
                {
                    detail = $"region {region.Id}: store {p.StoreId} has {dump.Count} pairs, store {refStore} has {reference.Count}";
                    return false;
                }
            }
        }
        detail = "";
        return true;
    }
}
