using System.Globalization;
using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Workbench.Linearizability;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Cluster;

/// <summary>
/// Raw single-key operations through the whole cluster (region cache, routing, retries, splits)
/// under partitions, store crashes, message loss and leader transfers, checked by Porcupine.
/// 8 seeds per configuration by default; WORKBENCH_CLUSTER_CHAOS_SEEDS=N runs N, WORKBENCH_SEED=S only seed S.
/// </summary>
public sealed class ClusterChaosTests(ITestOutputHelper output)
{
    private static IEnumerable<int> Seeds(int first, int defaultCount) => TestSeed.Range(first, defaultCount, "WORKBENCH_CLUSTER_CHAOS_SEEDS");

    [Theory]
    [InlineData(false, 7000)]
    [InlineData(true, 8000)]
    public void Raw_histories_under_partitions_crashes_and_loss_are_linearizable(bool raftLogInEngine, int firstSeed)
    {
        foreach (var seed in Seeds(firstSeed, 8))
        {
            var (history, completed, undetermined) = Run(seed, raftLogInEngine);
            var result = LinearizabilityChecker.Check(new KvModel(), history);
            output.WriteLine($"seed={seed} (replay: WORKBENCH_SEED={seed}) ops={history.Count} completed={completed} undetermined={undetermined} -> {result.Outcome}");
            Assert.True(completed > 100, $"seed {seed}: only {completed} operations completed");
            Assert.True(result.Outcome == CheckOutcome.Linearizable, $"seed {seed} (replay with WORKBENCH_SEED={seed}): {result.Outcome} {result.Detail}");
        }
    }

    private static (List<Operation<KvModelInput, KvModelOutput>>, int, int) Run(int seed, bool raftLogInEngine)
    {
        using var c = new SimulatedCluster(new SimulatedClusterOptions
        {
            Seed = seed,
            RaftLogInEngine = raftLogInEngine,
            StoreOptions = id => new StoreOptions { StoreId = id, SplitSizeBytes = 2 << 10, SplitCheckTicks = 3, RegionHeartbeatTicks = 5, StoreHeartbeatTicks = 5, RequestTimeoutTicks = 60, LogGcCountLimit = 50, LogGcKeep = 10 },
        });
        var rng = new Random(seed * 31 + 7);
        var history = new List<Operation<KvModelInput, KvModelOutput>>();
        string[] keys = ["a", "f", "m", "s", "x"];
        var completed = 0;
        var undetermined = 0;
        var valueSeq = 0;
        var end = c.Now + 6_000;
        var ids = c.StoreIds.ToArray();

        async Task ClientLoop(int client, RawClient raw)
        {
            while (c.Now < end)
            {
                var key = keys[rng.Next(keys.Length)];
                var call = c.Now;
                if (rng.Next(2) == 0)
                {
                    try
                    {
                        var v = await raw.GetAsync(Encoding.UTF8.GetBytes(key)).ConfigureAwait(false);
                        history.Add(new(client, new KvModelInput(KvModelOp.Get, key), new KvModelOutput(Value: v is null ? null : Encoding.UTF8.GetString(v).TrimEnd('.')), call, c.Now));
                        completed++;
                    }
                    catch (ClusterException)
                    {
                        // a read that failed had no effect
                    }
                }
                else
                {
                    // Values padded so regions pass the split size and split during the run.
                    var v = "v" + ++valueSeq;
                    var input = new KvModelInput(KvModelOp.Put, key, v);
                    try
                    {
                        await raw.PutAsync(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(v.PadRight(300, '.'))).ConfigureAwait(false);
                        history.Add(new(client, input, new KvModelOutput(Succeeded: true), call, c.Now));
                        completed++;
                    }
                    catch (ClusterException e) when (e.Undetermined)
                    {
                        history.Add(new(client, input, KvModelOutput.Indeterminate, call, long.MaxValue));
                        undetermined++;
                    }
                    catch (ClusterException)
                    {
                        // gave up before the write was proposed, or it was refused: no effect
                    }
                }
                await c.Clock.Delay(rng.Next(5)).ConfigureAwait(false);
            }
        }

        var clients = Enumerable.Range(0, 5).Select(i => ClientLoop(i, c.NewRawClient(maxBackoffMs: 5_000))).ToArray();
        while (c.Now < end)
        {
            c.RunFor(100 + rng.Next(400));
            switch (rng.Next(7))
            {
                case 0:
                {
                    c.Net.Heal();
                    var shuffled = ids.OrderBy(_ => rng.Next()).ToArray();
                    c.Net.Partition(shuffled[..1], shuffled[1..]);
                    break;
                }
                case 1:
                    c.Net.Heal();
                    break;
                case 2:
                    if (ids.All(c.IsUp)) c.Crash(ids[rng.Next(ids.Length)]);
                    break;
                case 3:
                    foreach (var id in ids) c.Restart(id);
                    break;
                case 4:
                    c.Net.DropRate = rng.Next(3) * 0.05;
                    c.Net.MaxDelayMs = 1 + rng.Next(20);
                    break;
                default:
                {
                    foreach (var (region, _) in c.Pd.AllRegions())
                    {
                        var leader = ClusterChecks.LeaderStore(c, region.Id);
                        if (leader == 0) continue;
                        var to = region.Peers[rng.Next(region.Peers.Count)];
                        c.LiveStore(leader).TransferLeader(region.Id, to.Id);
                    }
                    break;
                }
            }
        }
        c.Net.Heal();
        c.Net.DropRate = 0;
        foreach (var id in ids) c.Restart(id);
        if (!c.RunUntil(() => clients.All(t => t.IsCompleted), 60_000)) throw new InvalidOperationException($"clients still running after quiescing (seed {seed})");
        foreach (var t in clients) t.GetAwaiter().GetResult();
        if (!ClusterChecks.WaitReplicasAgree(c, 20_000))
        {
            ClusterChecks.ReplicasAgree(c, out var why);
            throw new InvalidOperationException($"replicas disagree after quiescing (seed {seed}): {why}");
        }
        return (history, completed, undetermined);
    }
}
