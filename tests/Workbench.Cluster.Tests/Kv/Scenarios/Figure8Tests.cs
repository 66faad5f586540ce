using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class Figure8Tests(ITestOutputHelper output)
{
    /// <summary>Raft paper Figure 8 / etcd TestLeaderOnlyCommitsLogFromCurrentTerm: an old-term entry on a majority is not committed by counting.</summary>
    [Fact]
    public void Leader_never_commits_an_earlier_term_entry_by_counting_replicas()
    {
        var storage = new MemoryRaftStorage([1, 2, 3]);
        storage.Append([new Entry { Index = 1, Term = 1 }, new Entry { Index = 2, Term = 2 }]);
        storage.SetHardState(new HardState { Term = 2 });
        var raft = new RaftCore(new RaftConfig { Id = 1, PreVote = false, Random = new Random(1) }, storage);
        raft.Step(new Message { MsgType = MessageType.MsgHup });
        Assert.Equal(StateRole.Candidate, raft.Role);
        raft.Step(new Message { MsgType = MessageType.MsgRequestVoteResponse, From = 2, To = 1, Term = 3 });
        Assert.Equal(StateRole.Leader, raft.Role);
        Assert.Equal(3ul, raft.RaftLog.LastIndex); // the new term's empty entry

        // Follower 2 acknowledges index 2 (term 2): a majority {1,2} holds it, yet it must not commit.
        raft.Step(new Message { MsgType = MessageType.MsgAppendResponse, From = 2, To = 1, Term = 3, Index = 2 });
        Assert.Equal(0ul, raft.RaftLog.Committed);
        // Once the current-term entry 3 is on a majority, everything up to 3 commits.
        raft.Step(new Message { MsgType = MessageType.MsgAppendResponse, From = 2, To = 1, Term = 3, Index = 3 });
        Assert.Equal(3ul, raft.RaftLog.Committed);
    }

    /// <summary>MIT 6.824 TestFigure8Unreliable-style churn: leaders crash right after proposing, on a lossy, reordering network.</summary>
    [Fact]
    public void Random_leader_crashes_on_an_unreliable_network_never_break_safety()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 401), 5, new SimClusterOptions { RequestTimeoutTicks = 1_000 });
        c.Net.DropRate = 0.1;
        c.Net.MaxDelayMs = 27;
        c.Net.ReorderRate = 0.1;
        var rng = new Random(c.Seed ^ 0x5eed);
        var up = 5;
        for (var iter = 0; iter < 150; iter++)
        {
            var leader = c.Leader();
            if (leader != 0) c.Submit(leader, KvCommands.Put("f8-" + iter, "v"));
            c.RunFor(rng.Next(100) < 10 ? rng.Next(500) : rng.Next(13));
            leader = c.Leader();
            if (leader != 0 && rng.Next(1000) < 100)
            {
                c.Crash(leader);
                up--;
            }
            if (up < 3)
            {
                var down = c.Ids.Where(i => !c.IsUp(i)).ToArray();
                c.Restart(down[rng.Next(down.Length)]);
                up++;
            }
        }
        foreach (var id in c.Ids) c.Restart(id);
        c.Net.DropRate = 0;
        c.Net.ReorderRate = 0;
        Assert.Equal(KvStatus.Ok, c.Put("final", "done", 20_000).Status);
        foreach (var id in c.Ids)
            Assert.True(c.RunUntil(() => c.LocalValue(id, "final") == "done", 5_000), $"node {id} did not converge");
        var applied = c.LiveNode(1).AppliedIndex;
        foreach (var id in c.Ids) Assert.True(c.RunUntil(() => c.LiveNode(id).AppliedIndex == applied || c.LiveNode(id).AppliedIndex >= applied, 2_000));
    }
}
