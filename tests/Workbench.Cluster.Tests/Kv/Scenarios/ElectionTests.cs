using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class ElectionTests(ITestOutputHelper output)
{
    [Fact]
    public void Initial_election_elects_one_leader_and_terms_stay_stable_without_failures()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 101), 3);
        var leader = c.WaitForLeader(3_000);
        c.RunFor(500);
        var term = c.LiveNode(leader).Term;
        foreach (var id in c.Ids)
        {
            Assert.Equal(term, c.LiveNode(id).Term);
            Assert.Equal(leader, c.LiveNode(id).LeaderId);
        }
        // No failures: no new elections for a long time.
        c.RunFor(5_000);
        Assert.Equal(leader, c.Leader());
        foreach (var id in c.Ids) Assert.Equal(term, c.LiveNode(id).Term);
    }

    [Fact]
    public void At_most_one_leader_per_term_across_many_elections()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 102), 5);
        var leadersByTerm = new Dictionary<ulong, ulong>();
        var rng = new Random(c.Seed);
        for (var round = 0; round < 15; round++)
        {
            c.RunFor(200);
            foreach (var id in c.Ids)
            {
                var n = c.Node(id);
                if (n is null || !n.IsLeader) continue;
                if (leadersByTerm.TryGetValue(n.Term, out var other)) Assert.Equal(other, id);
                else leadersByTerm[n.Term] = id;
            }
            var leader = c.Leader();
            if (leader != 0 && rng.Next(2) == 0)
            {
                c.Net.Heal();
                c.Net.Isolate(leader, c.Ids);
            }
            else if (rng.Next(3) == 0)
            {
                c.Net.Heal();
            }
        }
        Assert.True(leadersByTerm.Count >= 2, "expected several elections");
    }

    [Fact]
    public void Leader_cut_off_is_replaced_and_old_leader_rejoins_harmlessly()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 103), 3);
        var old = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("a", "1").Status);
        var oldTerm = c.LiveNode(old).Term;

        c.Net.Isolate(old, c.Ids);
        Assert.True(c.RunUntil(() => c.Leader() is var l && l != 0 && l != old, 5_000), "no new leader after cutting off the old one");
        var fresh = c.Leader();
        Assert.True(c.LiveNode(fresh).Term > oldTerm);
        // Check-quorum: the cut-off leader steps down by itself.
        Assert.True(c.RunUntil(() => !c.LiveNode(old).IsLeader, 3_000), "isolated leader did not step down");
        // Pre-vote: the isolated node did not inflate its term while cut off.
        Assert.Equal(oldTerm, c.LiveNode(old).Term);
        Assert.Equal(KvStatus.Ok, c.Put("a", "2").Status);

        c.Net.Heal();
        c.RunFor(2_000);
        // The rejoining node did not disrupt the current leader.
        Assert.Equal(fresh, c.Leader());
        Assert.Equal(c.LiveNode(fresh).Term, c.LiveNode(old).Term);
        Assert.Equal(fresh, c.LiveNode(old).LeaderId);
        Assert.True(c.RunUntil(() => c.LocalValue(old, "a") == "2", 2_000));
    }

    [Fact]
    public void No_leader_without_a_quorum_and_terms_do_not_inflate()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 104), 3);
        var leader = c.WaitForLeader();
        var term = c.LiveNode(leader).Term;
        foreach (var id in c.Ids) c.Net.Isolate(id, c.Ids);
        c.RunFor(5_000);
        Assert.Equal(0ul, c.Leader());
        foreach (var id in c.Ids) Assert.Equal(term, c.LiveNode(id).Term);

        // Reconnect two of three: a quorum again.
        c.Net.Heal();
        var third = c.Ids.First(i => i != leader);
        c.Net.Isolate(third, c.Ids);
        Assert.True(c.RunUntil(() => c.Leader() != 0, 5_000), "no leader after restoring a quorum");
        Assert.NotEqual(third, c.Leader());
    }

    [Fact]
    public void Without_pre_vote_a_rejoining_node_forces_a_new_term_which_pre_vote_prevents()
    {
        // Contrast test: shows pre-vote is what keeps the term stable above.
        var c = new SimCluster(TestSeed.Fixed(output, 105), 3, new SimClusterOptions { PreVote = false, CheckQuorum = false });
        var leader = c.WaitForLeader();
        var follower = c.Ids.First(i => i != leader);
        var term = c.LiveNode(leader).Term;
        c.Net.Isolate(follower, c.Ids);
        c.RunFor(2_000);
        Assert.True(c.LiveNode(follower).Term > term, "without pre-vote an isolated node keeps campaigning");
        c.Net.Heal();
        c.RunFor(2_000);
        Assert.True(c.LiveNode(c.WaitForLeader()).Term > term);
    }
}
