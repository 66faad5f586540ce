using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Messages;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class ReplicationTests(ITestOutputHelper output)
{
    [Fact]
    public void Agreement_with_a_minority_down_and_no_commit_without_a_majority()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 201), 5);
        var leader = c.WaitForLeader();
        var followers = c.Ids.Where(i => i != leader).ToArray();
        c.Crash(followers[0]);
        c.Crash(followers[1]);
        for (var i = 0; i < 10; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);
        foreach (var id in c.Ids.Where(c.IsUp))
            Assert.True(c.RunUntil(() => c.LocalValue(id, "k9") == "v9", 2_000));

        // Now a majority is down: nothing commits.
        c.Crash(followers[2]);
        var committedBefore = c.LiveNode(leader).Raw.Raft.RaftLog.Committed;
        var box = c.Submit(leader, KvCommands.Put("x", "no-majority"));
        c.RunFor(3_000);
        Assert.Equal(committedBefore, c.LiveNode(leader).Raw.Raft.RaftLog.Committed);
        Assert.Null(c.LocalValue(leader, "x"));

        // Majority back: the log catches up and a new write commits everywhere.
        c.Restart(followers[0]);
        c.Restart(followers[1]);
        c.Restart(followers[2]);
        c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("after", "1").Status);
        foreach (var id in c.Ids)
            Assert.True(c.RunUntil(() => c.LocalValue(id, "after") == "1" && c.LocalValue(id, "k9") == "v9", 3_000), $"node {id} did not catch up");
        _ = box;
    }

    [Fact]
    public void Partitioned_leaders_uncommitted_entries_are_overwritten()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 202), 5);
        var old = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("base", "0").Status);
        c.RunFor(200);

        c.Net.Isolate(old, c.Ids);
        var doomed = new List<SimCluster.ResultBox>();
        for (var i = 0; i < 20; i++) doomed.Add(c.Submit(old, KvCommands.Put("doomed" + i, "x")));
        var oldLast = c.LiveNode(old).Raw.Raft.RaftLog.LastIndex;
        Assert.True(c.RunUntil(() => c.Leader() is var l && l != 0 && l != old, 5_000));
        for (var i = 0; i < 5; i++) Assert.Equal(KvStatus.Ok, c.Put("new" + i, "y").Status);

        c.Net.Heal();
        var fresh = c.Leader();
        Assert.True(c.RunUntil(() => c.LiveNode(old).AppliedIndex >= c.LiveNode(fresh).Raw.Raft.RaftLog.Committed && c.LocalValue(old, "new4") == "y", 5_000));
        for (var i = 0; i < 20; i++) Assert.Null(c.LocalValue(old, "doomed" + i));
        // The old leader's log now equals the new leader's at the indices it once wrote on its own.
        var oldLog = c.LiveNode(old).Raw.Raft.RaftLog;
        var newLog = c.LiveNode(fresh).Raw.Raft.RaftLog;
        for (var i = oldLast - 19; i <= Math.Min(oldLast, newLog.LastIndex); i++) Assert.Equal(newLog.Term(i), oldLog.Term(i));
        Assert.True(c.RunUntil(() => doomed.All(b => b.Result is not null), 3_000));
        Assert.All(doomed, b => Assert.NotEqual(KvStatus.Ok, b.Result!.Status));
    }

    [Fact]
    public void Fast_backtracking_skips_a_long_divergent_log_in_few_round_trips()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 203), 5, new SimClusterOptions { RequestTimeoutTicks = 10_000 });
        var old = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("base", "0").Status);
        c.RunFor(200);
        // The old leader appends 300 entries no one else sees (a long divergent tail of its term).
        c.Net.Isolate(old, c.Ids);
        for (var i = 0; i < 300; i++) c.Submit(old, KvCommands.Put("div" + i, "x"));
        Assert.True(c.RunUntil(() => c.Leader() is var l && l != 0 && l != old, 5_000));
        // The majority writes 300 entries in newer terms (two leaders, so two divergent terms).
        for (var i = 0; i < 150; i++) c.Submit(c.Leader(), KvCommands.Put("maj" + i, "y"));
        c.RunFor(500);
        var second = c.Leader();
        c.Net.Isolate(second, c.Ids);
        c.Net.Isolate(old, c.Ids);
        Assert.True(c.RunUntil(() => c.Leader() is var l && l != 0 && l != old && l != second, 5_000));
        for (var i = 0; i < 150; i++) c.Submit(c.Leader(), KvCommands.Put("maj2-" + i, "z"));
        c.RunFor(500);
        var final = c.Leader();

        var rejects = 0;
        c.OnSend = m =>
        {
            if (m.MsgType == MessageType.MsgAppendResponse && m.Reject && m.From == old && m.To == final) rejects++;
        };
        c.Net.Heal();
        Assert.True(c.RunUntil(() => c.LocalValue(old, "maj2-149") == "z", 5_000), "old leader did not catch up");
        output.WriteLine($"rejections from the divergent follower: {rejects}");
        // One index per round trip would need ~300 rejections; the conflict hint needs a handful.
        Assert.InRange(rejects, 1, 6);
    }

    [Fact]
    public void Flow_control_bounds_appends_in_flight()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 204), 3, new SimClusterOptions { MaxInflightMsgs = 3 });
        var leader = c.WaitForLeader();
        c.RunFor(200);
        var follower = c.Ids.First(i => i != leader);
        var appendsToFollower = 0;
        c.OnSend = m =>
        {
            if (m.MsgType == MessageType.MsgAppend && m.To == follower && m.Entries.Count > 0) appendsToFollower++;
        };
        // Responses from the follower are lost: the leader may pipeline only MaxInflightMsgs appends.
        c.Net.Cut(follower, leader);
        for (var i = 0; i < 20; i++)
        {
            c.Submit(leader, KvCommands.Put("k" + i, "v"));
            c.RunFor(1); // no tick passes; each proposal is its own append
        }
        Assert.Equal(3, appendsToFollower);
    }

    [Fact]
    public void Max_message_size_splits_large_catch_up()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 205), 3, new SimClusterOptions { MaxSizePerMsg = 1024, RequestTimeoutTicks = 10_000 });
        var leader = c.WaitForLeader();
        var lagging = c.Ids.First(i => i != leader);
        c.Crash(lagging);
        var value = new string('v', 200);
        for (var i = 0; i < 50; i++) c.Submit(leader, KvCommands.Put("k" + i, value));
        c.RunFor(1_000);
        var maxBytes = 0;
        c.OnSend = m =>
        {
            if (m.MsgType == MessageType.MsgAppend && m.To == lagging && m.Entries.Count > 1)
                maxBytes = Math.Max(maxBytes, m.Entries.Sum(e => e.CalculateSize()));
        };
        c.Restart(lagging);
        Assert.True(c.RunUntil(() => c.LocalValue(lagging, "k49") == value, 5_000));
        Assert.InRange(maxBytes, 1, 1024);
    }
}
