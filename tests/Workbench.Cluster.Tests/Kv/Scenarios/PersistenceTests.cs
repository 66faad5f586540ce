using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class PersistenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Acknowledged_writes_and_terms_survive_restarts_of_every_node(bool durable)
    {
        var options = new SimClusterOptions();
        var disks = new DurableNodes();
        if (durable) disks.Configure(options);
        var c = new SimCluster(TestSeed.Fixed(output, 301), 3, options);
        c.WaitForLeader();
        for (var i = 0; i < 20; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);
        var terms = c.Ids.ToDictionary(id => id, id => c.LiveNode(id).Term);
        var votes = c.Ids.ToDictionary(id => id, id => c.LiveNode(id).Raw.Raft.Vote);

        foreach (var id in c.Ids) c.Crash(id);
        foreach (var id in c.Ids)
        {
            c.Restart(id);
            Assert.Equal(terms[id], c.LiveNode(id).Term);
            Assert.Equal(votes[id], c.LiveNode(id).Raw.Raft.Vote);
        }
        c.WaitForLeader();
        for (var i = 20; i < 30; i++) Assert.Equal(KvStatus.Ok, c.Put("k" + i, "v" + i).Status);
        // One node at a time, repeatedly, while writing.
        var rng = new Random(c.Seed);
        for (var round = 0; round < 10; round++)
        {
            var victim = (ulong)rng.Next(1, 4);
            c.Crash(victim);
            Assert.Equal(KvStatus.Ok, c.Put("r" + round, "x").Status);
            c.Restart(victim);
            c.RunFor(300);
        }
        foreach (var id in c.Ids)
            Assert.True(c.RunUntil(() => c.LocalValue(id, "k29") == "v29" && c.LocalValue(id, "r9") == "x" && c.LocalValue(id, "k0") == "v0", 5_000), $"node {id} lost data");
    }

    [Fact]
    public void Whole_cluster_machine_crash_keeps_every_acknowledged_write()
    {
        var options = new SimClusterOptions();
        var disks = new DurableNodes();
        disks.Configure(options);
        var c = new SimCluster(TestSeed.Fixed(output, 302), 3, options);
        c.WaitForLeader();
        var acked = new List<int>();
        var leader = c.Leader();
        for (var i = 0; i < 40; i++)
        {
            var r = c.Put("k" + i, "v" + i, maxMs: 2_000);
            if (r.Status == KvStatus.Ok) acked.Add(i);
            if (i % 10 == 9)
            {
                // Crash everything (unsynced bytes vanish) and restart.
                foreach (var id in c.Ids) c.Crash(id);
                foreach (var id in c.Ids) c.Restart(id);
                c.WaitForLeader();
            }
        }
        Assert.NotEmpty(acked);
        foreach (var i in acked)
            Assert.Equal("v" + i, c.Get("k" + i).Value is { } v ? System.Text.Encoding.UTF8.GetString(v) : null);
        _ = leader;
    }
}
