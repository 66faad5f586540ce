using System.Text;
using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class UnreliableNetworkTests(ITestOutputHelper output)
{
    [Fact]
    public void Drops_delays_reordering_and_churn_lose_no_acknowledged_write()
    {
        var c = new SimCluster(TestSeed.Fixed(output, 501), 5, new SimClusterOptions { SnapshotEveryEntries = 40, CatchUpEntries = 10 });
        c.Net.DropRate = 0.1;
        c.Net.MinDelayMs = 0;
        c.Net.MaxDelayMs = 27;
        c.Net.ReorderRate = 0.05;
        var rng = new Random(c.Seed ^ 0x77);
        var acked = new List<int>();
        var boxes = new List<(int Key, SimCluster.ResultBox Box)>();
        for (var step = 0; step < 300; step++)
        {
            var leader = c.Leader();
            if (leader != 0) boxes.Add((step, c.Submit(leader, KvCommands.Put("u" + step, "v" + step))));
            c.RunFor(20 + rng.Next(40));
            switch (rng.Next(40))
            {
                case 0:
                    c.Net.Heal();
                    var ids = c.Ids.OrderBy(_ => rng.Next()).ToArray();
                    c.Net.Partition(ids[..2], ids[2..]);
                    break;
                case 1:
                case 2:
                    c.Net.Heal();
                    break;
                case 3:
                    var victim = (ulong)rng.Next(1, 6);
                    if (c.Ids.Count(c.IsUp) > 3) c.Crash(victim);
                    break;
                case 4:
                case 5:
                    foreach (var id in c.Ids) c.Restart(id);
                    break;
            }
        }
        c.Net.Heal();
        c.Net.DropRate = 0;
        foreach (var id in c.Ids) c.Restart(id);
        Assert.Equal(KvStatus.Ok, c.Put("end", "1", 20_000).Status);
        foreach (var (key, box) in boxes)
            if (box.Result?.Status == KvStatus.Ok) acked.Add(key);
        output.WriteLine($"acknowledged {acked.Count} of {boxes.Count} writes; messages sent {c.Net.Sent}, dropped {c.Net.Dropped}");
        Assert.True(acked.Count > boxes.Count / 3, "too few writes succeeded for the test to mean anything");
        foreach (var id in c.Ids)
        {
            Assert.True(c.RunUntil(() => c.LocalValue(id, "end") == "1", 5_000), $"node {id} did not converge");
            foreach (var k in acked)
                Assert.Equal("v" + k, c.LocalValue(id, "u" + k));
        }
        _ = Encoding.UTF8;
    }
}
