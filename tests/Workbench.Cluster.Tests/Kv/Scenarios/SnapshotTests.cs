using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class SnapshotTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lagging_follower_is_caught_up_by_snapshot_install_under_crashes(bool durable)
    {
        var options = new SimClusterOptions { SnapshotEveryEntries = 20, CatchUpEntries = 5 };
        var disks = new DurableNodes { SegmentBytes = 2048 };
        if (durable) disks.Configure(options);
        var c = new SimCluster(TestSeed.Fixed(output, 601), 3, options);
        var leader = c.WaitForLeader();
        var lagging = c.Ids.First(i => i != leader);
        var snapshotsToLagging = 0;
        c.OnSend = m =>
        {
            if (m.MsgType == MessageType.MsgSnapshot && m.To == lagging) snapshotsToLagging++;
        };
        c.Crash(lagging);
        for (var i = 0; i < 120; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);
        var leaderNode = c.LiveNode(c.Leader());
        Assert.True(leaderNode.Raw.Raft.RaftLog.FirstIndex > 50, "the leader's log should be compacted");
        if (durable)
        {
            // Compaction deleted old segments.
            Assert.True(((DurableRaftStorage)c.Storage(c.Leader())).SegmentCount < 10);
        }

        // Slow links, so the snapshot is still in flight when the receiver crashes.
        c.Net.MinDelayMs = 30;
        c.Net.MaxDelayMs = 40;
        c.Restart(lagging);
        Assert.True(c.RunUntil(() => snapshotsToLagging > 0, 5_000), "no snapshot was sent");
        c.Crash(lagging); // the snapshot in flight is lost with the crashed node's connections
        Assert.True(c.Storage(lagging).Snapshot().Metadata.Index < 50, "the snapshot should still have been in flight at the crash");
        c.RunFor(100);
        c.Restart(lagging);
        Assert.True(c.RunUntil(() => c.LocalValue(lagging, "k119") == "v119", 5_000), "lagging node not caught up");
        Assert.True(snapshotsToLagging >= 2, $"the lost snapshot should have been sent again (sent {snapshotsToLagging})");
        c.Net.MinDelayMs = 1;
        c.Net.MaxDelayMs = 3;
        c.Crash(lagging);
        c.Restart(lagging);
        for (var i = 120; i < 130; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);
        Assert.True(c.RunUntil(() => c.LocalValue(lagging, "k129") == "v129", 5_000));
        for (var i = 0; i < 130; i += 7) Assert.Equal("v" + i, c.LocalValue(lagging, "k" + i));
        output.WriteLine($"snapshots sent to node {lagging}: {snapshotsToLagging}");
    }
}
