using System.Text;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Cluster;

/// <summary>
/// Membership changes under a running workload on the simulated topology: decommission, replica
/// repair, stores joining (add-peer/remove-peer by balance), PD restarting mid-move, and
/// followers rebuilt by chunked, rate-limited snapshots. Each prints its seed; WORKBENCH_SEED replays it.
/// </summary>
public sealed class MembershipScenarioTests(ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static StoreOptions SmallRegions(ulong id) => new()
    {
        StoreId = id,
        SplitSizeBytes = 8 << 10,
        SplitKeys = 1_000_000,
        SplitCheckTicks = 2,
        RegionHeartbeatTicks = 5,
        StoreHeartbeatTicks = 5,
        SnapshotChunkBytes = 1024,
    };

    private SimulatedCluster Start(int defaultSeed, int nodes, Func<ulong, StoreOptions> store, PdOptions pd)
    {
        var seed = TestSeed.Fixed(output, defaultSeed);
        return new SimulatedCluster(new SimulatedClusterOptions { Seed = seed, Nodes = nodes, StoreOptions = store, Pd = pd });
    }

    private static long Snapshots(SimulatedCluster c) => c.StoreIds.Where(c.IsUp).Sum(id => c.LiveStore(id).SnapshotsApplied);

    private void Report(SimulatedCluster c, SimWriters w)
    {
        output.WriteLine($"t={c.Now} ms puts={w.Puts} undetermined retried={w.Retries} errors={w.Errors.Count} regions={c.Pd.AllRegions().Count} operators created={c.Pd.OperatorsCreated} finished={c.Pd.OperatorsFinished} timed out={c.Pd.OperatorsTimedOut}");
        foreach (var id in c.StoreIds.Where(c.IsUp))
        {
            var s = c.LiveStore(id);
            output.WriteLine($"store {id}: regions {s.RegionCount} snapshots generated {s.SnapshotsSent} applied {s.SnapshotsApplied} bytes sent {s.SnapshotBytesSent} received {s.SnapshotBytesReceived} refused {s.SnapshotReceiveFailures.Refused} transfers {s.SnapshotTransfers} stale peers destroyed {s.StalePeersDestroyed}");
        }
    }

    private static string Describe(SimulatedCluster c)
    {
        var sb = new StringBuilder();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"t={c.Now} pending operators {c.Pd.PendingOperators}\n");
        foreach (var (r, l) in c.Pd.AllRegions())
            sb.Append(RegionChecks.Describe(r)).Append(" conf_ver ").Append(r.RegionEpoch.ConfVer).Append(" peers ").Append(string.Join(",", r.Peers.Select(p => $"{p.Id}@{p.StoreId}{(p.Role == PeerRole.Learner ? "L" : "")}"))).Append(" leader ").Append(l?.Id).Append('\n');
        foreach (var id in c.StoreIds.Where(c.IsUp))
            foreach (var (r, lead, applied, term, peer) in c.LiveStore(id).PeerStates())
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"  store {id}: region {r.Id} conf_ver {r.RegionEpoch.ConfVer} peer {peer} leader={lead} applied={applied} term={term} peers {string.Join(",", r.Peers.Select(p => $"{p.Id}@{p.StoreId}{(p.Role == PeerRole.Learner ? "L" : "")}"))}\n");
        return sb.ToString();
    }

    [Fact]
    public void Decommissioning_a_store_with_data_under_load_loses_no_acknowledged_write()
    {
        using var c = Start(301, 4, SmallRegions, new PdOptions { EnableBalance = false });
        var w = new SimWriters(c, writers: 4, keys: 400, valueBytes: 100);
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().Count >= 3 && w.Puts > 600, 60_000), "the load split the key space");
        var victim = c.Pd.AllRegions().SelectMany(r => r.Region.Peers).GroupBy(p => p.StoreId).OrderByDescending(g => g.Count()).First().Key;
        var before = Snapshots(c);
        c.Pd.SetStoreState(victim, StoreState.Offline);
        Assert.True(c.RunUntil(() => c.Pd.GetStore(victim)!.State == StoreState.Tombstone, 120_000), $"store {victim} drained under load");
        var putsDuringDrain = w.Puts;
        Assert.True(c.RunUntil(() => c.LiveStore(victim).RegionCount == 0, 20_000), "the tombstoned store destroyed its peers");
        c.RunFor(500);
        w.Stop();
        Report(c, w);
        Assert.Empty(w.Errors);
        Assert.True(putsDuringDrain > 600, "the writers kept going while the store drained");
        Assert.True(Snapshots(c) > before, "the moved replicas were built from snapshots");
        Assert.All(c.Pd.AllRegions(), r =>
        {
            Assert.Equal(3, r.Region.Peers.Count);
            Assert.DoesNotContain(r.Region.Peers, p => p.StoreId == victim);
        });
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 20_000));
        w.AssertAllReadable();
    }

    [Fact]
    public void A_node_lost_under_load_has_every_region_repaired_to_three_replicas()
    {
        using var c = Start(302, 4, SmallRegions, new PdOptions { EnableBalance = false, MaxStoreDownTimeMs = 2_000 });
        var w = new SimWriters(c, writers: 4, keys: 400, valueBytes: 100);
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().Count >= 3 && w.Puts > 600, 60_000));
        var lost = c.Pd.AllRegions().SelectMany(r => r.Region.Peers).GroupBy(p => p.StoreId).OrderByDescending(g => g.Count()).First().Key;
        c.Crash(lost);
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().All(r => r.Region.Peers.Count == 3 && r.Region.Peers.All(p => p.StoreId != lost)), 120_000),
            "every region replaced its replica on the lost store");
        w.Stop();
        Report(c, w);
        Assert.Empty(w.Errors);
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 20_000));
        w.AssertAllReadable();
    }

    [Fact]
    public void Stores_joining_under_load_take_peers_by_add_peer_and_remove_peer()
    {
        using var c = Start(303, 3, SmallRegions, new PdOptions());
        var w = new SimWriters(c, writers: 4, keys: 400, valueBytes: 100);
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().Count >= 4 && w.Puts > 600, 60_000));
        c.AddStore(4);
        c.AddStore(5);
        // Balance-region moves replicas onto the new stores (add learner → promote → remove) while the writers run.
        var putsBefore = w.Puts;
        Assert.True(c.RunUntil(() => c.Pd.OperatorsFinished >= 6 && c.Pd.StoreSummaries().Where(s => s.Store.Id >= 4).All(s => s.Regions >= 2), 120_000),
            "the new stores hold regions: " + string.Join(", ", c.Pd.StoreSummaries().Select(s => $"{s.Store.Id}:{s.Regions}")));
        Assert.True(w.Puts > putsBefore, "the writers kept going while replicas moved");
        w.Stop();
        // Once the moves in flight finish, every region is back to exactly three voters.
        Assert.True(c.RunUntil(() => c.Pd.PendingOperators == 0 && c.Pd.AllRegions().All(r => r.Region.Peers.Count == 3 && r.Region.Peers.All(p => p.Role == PeerRole.Voter)), 60_000),
            "moves settled: " + Describe(c));
        Report(c, w);
        Assert.Empty(w.Errors);
        Assert.True(c.Pd.OperatorsByKind.GetValueOrDefault("balance-region") > 0);
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 20_000));
        w.AssertAllReadable();
    }

    [Fact]
    public void A_decommission_resumes_after_PD_restarts_in_the_middle_of_it()
    {
        using var c = Start(304, 4, SmallRegions, new PdOptions { EnableBalance = false, StoreLimit = 1 });
        var w = new SimWriters(c, writers: 4, keys: 400, valueBytes: 100);
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().Count >= 4 && w.Puts > 600, 60_000));
        var victim = c.Pd.AllRegions().SelectMany(r => r.Region.Peers).GroupBy(p => p.StoreId).OrderByDescending(g => g.Count()).First().Key;
        var onVictim = c.Pd.StoreSummaries().First(s => s.Store.Id == victim).Regions;
        c.Pd.SetStoreState(victim, StoreState.Offline);
        // Restart PD once the first region left the store (the store limit of 1 keeps the rest waiting).
        Assert.True(c.RunUntil(() => c.Pd.StoreSummaries().First(s => s.Store.Id == victim).Regions < onVictim, 60_000));
        c.RestartPd(1_000);
        c.RunFor(1_500);
        Assert.True(c.PdUp);
        Assert.Equal(StoreState.Offline, c.Pd.GetStore(victim)!.State); // the Offline state was durable
        Assert.True(c.RunUntil(() => c.Pd.GetStore(victim)!.State == StoreState.Tombstone, 120_000), "the restarted PD finished the decommission: " + Describe(c));
        w.Stop();
        Report(c, w);
        Assert.Empty(w.Errors);
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 20_000));
        w.AssertAllReadable();
    }

    [Fact]
    public void A_follower_is_restored_by_a_chunked_rate_limited_snapshot_over_a_reordering_network()
    {
        const int chunk = 512;
        const long rate = 64 << 10; // bytes per second of virtual time
        using var c = Start(305, 3, id => new StoreOptions
        {
            StoreId = id,
            LogGcCountLimit = 20,
            LogGcKeep = 5,
            RegionHeartbeatTicks = 5,
            SnapshotChunkBytes = chunk,
            SnapshotMaxBytesPerSec = rate,
        }, new PdOptions { EnableBalance = false });
        c.Net.ReorderRate = 0.3;
        var client = c.NewRawClient();
        for (var i = 0; i < 20; i++) c.Await(client.PutAsync(B($"k{i:D4}"), B(new string('v', 200))));
        var region = c.Pd.AllRegions()[0].Region;
        var leader = ClusterChecks.LeaderStore(c, region.Id);
        var follower = region.Peers.First(p => p.StoreId != leader).StoreId;
        c.Crash(follower);
        for (var i = 20; i < 200; i++) c.Await(client.PutAsync(B($"k{i:D4}"), B(new string((char)('a' + i % 26), 200))));
        Assert.True(c.RunUntil(() => c.LiveStore(leader).RaftLog.TryGet(region.Id, out var l) && l.TruncatedIndex > RaftStore.InitIndex + 20, 5_000), "the leader compacted its log");
        c.Restart(follower);
        var restartedAt = c.Now;
        Assert.True(c.RunUntil(() => c.LiveStore(follower).SnapshotsApplied > 0, 30_000), "the follower got a snapshot");
        var took = c.Now - restartedAt;
        var s = c.LiveStore(follower);
        output.WriteLine($"snapshot: {s.SnapshotBytesReceived} bytes received in {took} ms; leader generated {c.LiveStore(leader).SnapshotBytesGenerated} sent {c.LiveStore(leader).SnapshotBytesSent}");
        // ~200 pairs of ~206 bytes: dozens of chunks, and at 64 KiB/s at least ~0.6 s of virtual time.
        Assert.True(s.SnapshotBytesReceived > 40 * chunk, $"received {s.SnapshotBytesReceived} bytes");
        Assert.True(took >= c.LiveStore(leader).SnapshotBytesGenerated * 1000 / rate / 2, $"a {c.LiveStore(leader).SnapshotBytesGenerated}-byte snapshot at {rate} B/s arrived after {took} ms");
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 10_000));
        Assert.Equal(200, s.DumpRegion(region.Id).Count);
        Assert.Equal(0, s.SnapshotReceiveFailures.Corrupt);
        // The transfer's files are gone on both ends once applied.
        Assert.True(c.RunUntil(() => c.FileSystem(follower).ListFiles("/snap").Count == 0 && c.FileSystem(leader).ListFiles("/snap").Count == 0, 5_000));
    }

    [Fact]
    public void Lost_snapshot_chunks_are_recovered_by_a_new_transfer()
    {
        using var c = Start(306, 3, id => new StoreOptions { StoreId = id, LogGcCountLimit = 20, LogGcKeep = 5, RegionHeartbeatTicks = 5, SnapshotChunkBytes = 256, SnapshotRetryTicks = 20 },
            new PdOptions { EnableBalance = false });
        var client = c.NewRawClient();
        for (var i = 0; i < 150; i++) c.Await(client.PutAsync(B($"k{i:D4}"), B(new string('x', 100))));
        var region = c.Pd.AllRegions()[0].Region;
        var leader = ClusterChecks.LeaderStore(c, region.Id);
        var follower = region.Peers.First(p => p.StoreId != leader).StoreId;
        c.Crash(follower);
        for (var i = 150; i < 200; i++) c.Await(client.PutAsync(B($"k{i:D4}"), B(new string('y', 100))));
        Assert.True(c.RunUntil(() => c.LiveStore(leader).RaftLog.TryGet(region.Id, out var l) && l.TruncatedIndex > RaftStore.InitIndex + 20, 5_000));
        c.Net.DropRate = 0.05; // some chunk of every ~60-chunk transfer is likely lost
        c.Restart(follower);
        Assert.True(c.RunUntil(() => c.LiveStore(follower).SnapshotsApplied > 0, 60_000), "a snapshot got through in the end");
        c.Net.DropRate = 0;
        output.WriteLine($"leader generated {c.LiveStore(leader).SnapshotsSent} snapshots for one apply");
        Assert.True(ClusterChecks.WaitReplicasAgree(c, 10_000));
        Assert.Equal(200, c.LiveStore(follower).DumpRegion(region.Id).Count);
    }
}
