using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Raft.Log;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Scenarios;

public sealed class PersistBeforeSendTests(ITestOutputHelper output)
{
    [Fact]
    public void No_message_leaves_a_node_while_its_entries_term_or_vote_are_unsynced()
    {
        var storages = new Dictionary<ulong, SyncTrackingStorage>();
        var options = new SimClusterOptions
        {
            SnapshotEveryEntries = 25,
            CatchUpEntries = 5,
            StorageFactory = (id, voters) => storages[id] = new SyncTrackingStorage(new MemoryRaftStorage(voters)),
        };
        var c = new SimCluster(TestSeed.Fixed(output, 1101), 5, options);
        var violations = new List<string>();
        long sent = 0;
        c.OnSend = m =>
        {
            sent++;
            if (storages[m.From].Violation(m) is { } why) violations.Add($"{m.From}->{m.To}: {why}");
        };
        c.Net.DropRate = 0.05;
        c.Net.MaxDelayMs = 20;
        var rng = new Random(c.Seed);
        for (var round = 0; round < 60; round++)
        {
            var leader = c.Leader();
            if (leader != 0)
                for (var i = 0; i < 5; i++) c.Submit(leader, KvCommands.Put("k" + rng.Next(20), "v" + round));
            c.RunFor(50);
            if (rng.Next(6) == 0)
            {
                c.Net.Heal();
                var l = c.Leader();
                if (l != 0) c.Net.Isolate(l, c.Ids);
            }
            else if (rng.Next(4) == 0)
            {
                c.Net.Heal();
            }
        }
        output.WriteLine($"messages checked: {sent}");
        Assert.True(sent > 1000);
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(10)));
    }
}
