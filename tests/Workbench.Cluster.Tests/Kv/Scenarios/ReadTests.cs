using System.Text;
using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Core;
using Workbench.Raft.Messages;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class ReadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ReadOnlyOption.Safe)]
    [InlineData(ReadOnlyOption.LeaseBased)]
    public void Reads_see_the_latest_acknowledged_write(ReadOnlyOption option)
    {
        var c = new SimCluster(TestSeed.Fixed(output, 901), 3, new SimClusterOptions { ReadOnlyOption = option });
        c.WaitForLeader();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(KvStatus.Ok, c.Put("x", "v" + i).Status);
            var r = c.Get("x");
            Assert.Equal(KvStatus.Ok, r.Status);
            Assert.Equal("v" + i, Encoding.UTF8.GetString(r.Value!));
        }
        Assert.False(c.Get("missing").Found);
    }

    [Fact]
    public void Read_index_confirms_leadership_with_a_heartbeat_round_and_lease_reads_do_not()
    {
        foreach (var option in new[] { ReadOnlyOption.Safe, ReadOnlyOption.LeaseBased })
        {
            var c = new SimCluster(TestSeed.Fixed(output, 902), 3, new SimClusterOptions { ReadOnlyOption = option });
            var leader = c.WaitForLeader();
            Assert.Equal(KvStatus.Ok, c.Put("x", "1").Status);
            c.RunFor(50);
            var heartbeatsWithContext = 0;
            c.OnSend = m =>
            {
                if (m.MsgType == MessageType.MsgHeartbeat && !m.Context.IsEmpty) heartbeatsWithContext++;
            };
            var box = c.Submit(leader, KvCommands.Get("x"));
            Assert.True(c.RunUntil(() => box.Result is not null, 1_000));
            Assert.Equal(KvStatus.Ok, box.Result!.Status);
            if (option == ReadOnlyOption.Safe) Assert.True(heartbeatsWithContext >= 2);
            else Assert.Equal(0, heartbeatsWithContext);
        }
    }

    [Theory]
    [InlineData(ReadOnlyOption.Safe)]
    [InlineData(ReadOnlyOption.LeaseBased)]
    public void A_deposed_leader_never_serves_a_stale_read(ReadOnlyOption option)
    {
        var c = new SimCluster(TestSeed.Fixed(output, 903), 5, new SimClusterOptions { ReadOnlyOption = option, RequestTimeoutTicks = 20 });
        var old = c.WaitForLeader();
        Assert.Equal(KvStatus.Ok, c.Put("x", "old").Status);
        c.RunFor(100);
        c.Net.Isolate(old, c.Ids);

        var reads = new List<SimCluster.ResultBox>();
        var answeredAt = new Dictionary<SimCluster.ResultBox, long>();
        long newValueCommittedAt = long.MaxValue;
        var newWrite = (SimCluster.ResultBox?)null;
        var okBeforeIsolationNoticed = 0;
        for (var t = 0; t < 300; t++)
        {
            if (c.LiveNode(old).IsLeader) reads.Add(c.Submit(old, KvCommands.Get("x")));
            var l = c.Leader();
            if (newWrite is null && l != 0 && l != old) newWrite = c.Submit(l, KvCommands.Put("x", "new"));
            c.RunFor(SimCluster.TickMs);
            if (newWrite?.Result?.Status == KvStatus.Ok && newValueCommittedAt == long.MaxValue) newValueCommittedAt = c.Now;
            foreach (var r in reads)
                if (r.Result is not null) answeredAt.TryAdd(r, c.Now);
        }
        Assert.NotEqual(long.MaxValue, newValueCommittedAt);
        foreach (var box in reads)
        {
            if (box.Result?.Status != KvStatus.Ok) continue;
            okBeforeIsolationNoticed++;
            // A read the old leader answered returns the old value, so it must have been answered before the new value committed.
            Assert.Equal("old", Encoding.UTF8.GetString(box.Result.Value!));
            Assert.True(answeredAt[box] < newValueCommittedAt, $"stale read answered at {answeredAt[box]} ms, new value committed at {newValueCommittedAt} ms");
        }
        output.WriteLine($"{option}: reads answered by the isolated leader: {okBeforeIsolationNoticed} of {reads.Count}; new value committed at {newValueCommittedAt} ms");
        if (option == ReadOnlyOption.Safe) Assert.Equal(0, okBeforeIsolationNoticed);
        else Assert.True(okBeforeIsolationNoticed > 0, "the lease should have served some reads right after isolation");
    }
}
