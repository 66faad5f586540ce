using System.Text;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Cluster;

/// <summary>
/// Regression for the Jepsen sweep's finding (docs/jepsen.md): a split's apply batch was written
/// without sync, so a crash right after a split lost the new region's state in the engine while its
/// (synced) Raft log kept the entries its peer had acknowledged; the restart dropped that log and the
/// replayed split recreated the peer at the initial index ("commit index N is beyond the last index
/// 5", or "… last index 0" when the new region's leader reached the restarted store first). Each
/// test prints its seed; WORKBENCH_SEED replays it.
/// </summary>
public sealed class SplitCrashTests(ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private SimulatedCluster Start(int defaultSeed) => new(new SimulatedClusterOptions
    {
        Seed = TestSeed.Fixed(output, defaultSeed),
        Nodes = 3,
        StoreOptions = id => new StoreOptions { StoreId = id, SplitSizeBytes = 4 << 10, SplitKeys = 1_000_000, SplitCheckTicks = 2, RegionHeartbeatTicks = 5, StoreHeartbeatTicks = 5 },
    });

    [Fact]
    public void A_store_crashed_right_after_applying_a_split_still_holds_the_new_region_on_restart()
    {
        using var c = Start(1701);
        var client = c.NewRawClient();
        var i = 0;
        while (c.Pd.AllRegions().Count < 2)
        {
            Assert.True(i < 2000, $"no split after {i} writes (seed {c.Seed})");
            c.Await(client.PutAsync(B($"k{i:D5}"), B(new string('v', 100))));
            i++;
        }
        var regions = c.Pd.AllRegions().Select(r => r.Region.Id).ToList();
        Assert.True(c.RunUntil(() => c.StoreIds.All(s => regions.All(r => c.LiveStore(s).HasPeer(r))), 5_000), $"every store applied the split (seed {c.Seed})");
        // Entries in the new region, acknowledged by its followers.
        var right = c.Pd.AllRegions().Select(r => r.Region).OrderBy(r => r.StartKey.ToStringUtf8(), StringComparer.Ordinal).Last();
        for (var j = 0; j < 5; j++) c.Await(client.PutAsync(B($"k{i + j:D5}"), B("after-split")));
        foreach (var s in c.StoreIds.ToList())
        {
            var applied = c.LiveStore(s).AppliedIndexOf(right.Id);
            c.Crash(s);
            c.Restart(s);
            var store = c.LiveStore(s);
            Assert.True(store.HasPeer(right.Id), $"store {s} lost region {right.Id} (created by the split) in the crash (seed {c.Seed})");
            Assert.True(store.RaftLog.TryGet(right.Id, out var log) && log.LastIndex >= applied,
                $"store {s}: region {right.Id}'s log ends at {(store.RaftLog.TryGet(right.Id, out var l) ? l.LastIndex : 0)} after the restart, it had applied {applied} (seed {c.Seed})");
        }
        // The cluster goes on (a follower that forgot acknowledged entries makes its Raft core throw here).
        c.RunFor(2_000);
        for (var j = 0; j < 5; j++) c.Await(client.PutAsync(B($"k{i + j:D5}"), B("after-crash")));
        Assert.Equal("after-crash", Encoding.UTF8.GetString(c.Await(client.GetAsync(B($"k{i:D5}")))!));
    }
}
