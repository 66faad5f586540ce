using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Messages;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class MembershipTests(ITestOutputHelper output)
{
    private static bool Propose(SimCluster c, ConfChangeType type, ulong node) =>
        c.LiveNode(c.Leader()).ProposeConfChange(new ConfChange { ChangeType = type, NodeId = node });

    [Fact]
    public void Add_learner_promote_it_and_remove_a_voter_one_step_at_a_time()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 701), 3, new SimClusterOptions { SnapshotEveryEntries = 30, CatchUpEntries = 5 });
        c.WaitForLeader();
        for (var i = 0; i < 50; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);

        // Node 4 starts empty and outside the configuration.
        c.AddSlot(4, []);
        Assert.True(Propose(c, ConfChangeType.AddLearnerNode, 4));
        // Only one change may be pending at a time.
        Assert.False(Propose(c, ConfChangeType.AddNode, 4));
        Assert.True(c.RunUntil(() => c.LocalValue(4, "k49") == "v49", 5_000), "learner did not catch up");
        Assert.Contains(4ul, c.LiveNode(c.Leader()).ConfState.Learners);
        Assert.False(c.LiveNode(4).Raw.Raft.Promotable);

        Assert.True(c.RunUntil(() => Propose(c, ConfChangeType.AddNode, 4), 2_000));
        Assert.True(c.RunUntil(() => c.Ids.All(id => c.LiveNode(id).ConfState.Voters.Contains(4ul)), 5_000));

        // Remove a follower voter.
        var leader = c.Leader();
        var removed = c.Ids.First(i => i != leader && i != 4);
        Assert.True(c.RunUntil(() => Propose(c, ConfChangeType.RemoveNode, removed), 2_000));
        Assert.True(c.RunUntil(() => c.Ids.Where(i => i != removed).All(id => !c.LiveNode(id).ConfState.Voters.Contains(removed)), 5_000));
        Assert.Equal(3, c.LiveNode(c.Leader()).ConfState.Voters.Count);

        // The remaining three form the quorum: with the removed node down as well as one more, nothing commits,
        // but with only the removed node gone writes go on.
        c.Crash(removed);
        Assert.Equal(KvStatus.Ok, c.Put("after-remove", "1").Status);
        var term = c.LiveNode(c.Leader()).Term;
        c.RunFor(3_000);
        Assert.Equal(term, c.LiveNode(c.Leader()).Term);
        Assert.True(c.RunUntil(() => c.LocalValue(4, "after-remove") == "1", 3_000));
    }

    [Fact]
    public void A_node_joining_without_a_snapshot_learns_the_whole_configuration_from_the_log()
    {
        // No compaction: the new node replays the log from index 1, which starts with the bootstrap
        // ConfChange entries (etcd's Bootstrap); without them it would believe it is alone and elect itself.
        var c = new SimCluster(TestSeed.Fixed(output, 703), 3, new SimClusterOptions { SnapshotEveryEntries = 0 });
        c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("a", "1").Status);
        c.AddSlot(4, []);
        Assert.True(Propose(c, ConfChangeType.AddLearnerNode, 4));
        Assert.True(c.RunUntil(() => c.LocalValue(4, "a") == "1", 5_000));
        Assert.True(c.RunUntil(() => Propose(c, ConfChangeType.AddNode, 4), 2_000));
        Assert.True(c.RunUntil(() => c.LiveNode(4).ConfState.Voters.Count == 4, 5_000));
        Assert.Equal(new ulong[] { 1, 2, 3, 4 }, c.LiveNode(4).ConfState.Voters.Order());
        Assert.Equal(1ul, c.LiveNode(4).Raw.Raft.RaftLog.FirstIndex); // it really replayed from index 1, no snapshot
        // Cut the new node off: it must not elect itself.
        c.Net.Isolate(4, c.Ids);
        c.RunFor(3_000);
        Assert.False(c.LiveNode(4).IsLeader);
    }

    [Fact]
    public void Removing_the_leader_leads_to_a_new_leader_among_the_rest()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 702), 3);
        var leader = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("a", "1").Status);
        Assert.True(Propose(c, ConfChangeType.RemoveNode, leader));
        Assert.True(c.RunUntil(() => c.Leader() is var l && l != 0 && l != leader, 5_000));
        Assert.Equal(KvStatus.Ok, c.Put("b", "2").Status);
        Assert.Equal(2, c.LiveNode(c.Leader()).ConfState.Voters.Count);
    }
}
