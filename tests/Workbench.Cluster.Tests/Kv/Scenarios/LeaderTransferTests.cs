using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class LeaderTransferTests(ITestOutputHelper output)
{
    [Fact]
    public void Transfer_to_an_up_to_date_follower_completes_without_an_election_timeout()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 801), 3);
        var leader = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("a", "1").Status);
        var target = c.Ids.First(i => i != leader);
        var term = c.LiveNode(leader).Term;
        c.LiveNode(leader).TransferLeader(target);
        // Well below the minimum election timeout (10 ticks of 10 ms).
        Assert.True(c.RunUntil(() => c.Leader() == target, 60), "transfer did not complete quickly");
        Assert.Equal(term + 1, c.LiveNode(target).Term);
        Assert.Equal(KvStatus.Ok, c.Put("b", "2").Status);
    }

    [Fact]
    public void Transfer_to_a_lagging_follower_catches_it_up_first_and_blocks_proposals_meanwhile()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 802), 3);
        var leader = c.WaitForLeader();
        var target = c.Ids.First(i => i != leader);
        c.Crash(target);
        for (var i = 0; i < 30; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v").Status);
        c.Restart(target);
        c.LiveNode(leader).TransferLeader(target);
        var during = c.Submit(leader, KvCommands.Put("during", "x"));
        Assert.Equal(KvStatus.Dropped, during.Result?.Status);
        Assert.True(c.RunUntil(() => c.Leader() == target, 1_000));
        Assert.Equal("v", c.LocalValue(target, "k29"));
    }

    [Fact]
    public void Transfer_to_an_unreachable_node_is_abandoned_after_an_election_timeout()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 803), 3);
        var leader = c.WaitForLeader();
        var target = c.Ids.First(i => i != leader);
        c.Crash(target);
        c.LiveNode(leader).TransferLeader(target);
        Assert.Equal(target, c.LiveNode(leader).Raw.Raft.LeadTransferee);
        Assert.True(c.RunUntil(() => c.LiveNode(leader).Raw.Raft.LeadTransferee == 0, 500));
        Assert.Equal(leader, c.Leader());
        Assert.Equal(KvStatus.Ok, c.Put("a", "1").Status);
    }
}
