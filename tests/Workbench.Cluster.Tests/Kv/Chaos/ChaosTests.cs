using System.Globalization;
using Workbench.Linearizability;
using Workbench.Raft.Core;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.Chaos;

/// <summary>
/// Randomized chaos on the KV demo, checked for linearizability. Runs 20 seeds by default;
/// WORKBENCH_CHAOS_SEEDS=N runs N seeds, WORKBENCH_SEED=S runs only seed S.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private static IEnumerable<int> Seeds(int firstSeed, int defaultCount = 20) => TestSeed.Range(firstSeed, defaultCount, "WORKBENCH_CHAOS_SEEDS");

    [Theory]
    [InlineData(ReadOnlyOption.Safe, false, 5, 1000)]
    [InlineData(ReadOnlyOption.LeaseBased, true, 5, 2000)]
    [InlineData(ReadOnlyOption.Safe, true, 3, 5000)]
    public void Kv_histories_under_partitions_crashes_drops_and_delays_are_linearizable(ReadOnlyOption reads, bool durable, int nodes, int firstSeed)
    {
        foreach (var seed in Seeds(firstSeed))
        {
            var run = new ChaosRun(seed, reads, durable, nodes: nodes);
            run.Run(clients: 5, durationMs: 8_000);
            var result = LinearizabilityChecker.Check(new KvModel(), run.History);
            output.WriteLine($"seed={seed} (replay: WORKBENCH_SEED={seed}) ops={run.History.Count} completed={run.Completed} indeterminate={run.Indeterminate} nemeses={run.Nemeses} -> {result.Outcome}");
            Assert.True(run.Completed > 50, $"seed {seed}: only {run.Completed} operations completed; the run proves little");
            Assert.True(result.Outcome == CheckOutcome.Linearizable, $"seed {seed} (replay with WORKBENCH_SEED={seed}): {result.Outcome} {result.Detail}");
        }
    }

    [Fact]
    public void Kv_histories_stay_linearizable_while_members_are_added_promoted_and_removed()
    {
        var confChanges = 0;
        foreach (var seed in Seeds(6000, defaultCount: 10))
        {
            var run = new ChaosRun(seed, ReadOnlyOption.Safe, durable: true, membership: true);
            run.Run(clients: 5, durationMs: 8_000);
            var result = LinearizabilityChecker.Check(new KvModel(), run.History);
            output.WriteLine($"seed={seed} (replay: WORKBENCH_SEED={seed}) ops={run.History.Count} completed={run.Completed} conf changes={run.ConfChanges} nemeses={run.Nemeses} -> {result.Outcome}");
            confChanges += run.ConfChanges;
            Assert.True(result.Outcome == CheckOutcome.Linearizable, $"seed {seed} (replay with WORKBENCH_SEED={seed}): {result.Outcome} {result.Detail}");
        }
        Assert.True(confChanges > 0, "no membership change was proposed in any run");
    }

    [Fact]
    public void The_checker_catches_stale_reads_of_a_deliberately_broken_read_path()
    {
        // Same chaos, but leaders answer gets locally without ReadIndex: deposed leaders serve stale values.
        var caught = 0;
        var seeds = 0;
        foreach (var seed in Enumerable.Range(3000, 10))
        {
            seeds++;
            var run = new ChaosRun(seed, ReadOnlyOption.Safe, durable: false, unsafeLocalReads: true);
            run.Run(clients: 5, durationMs: 8_000);
            var result = LinearizabilityChecker.Check(new KvModel(), run.History);
            output.WriteLine($"seed={seed} broken reads -> {result.Outcome} {result.Detail}");
            if (result.Outcome == CheckOutcome.NotLinearizable) caught++;
        }
        Assert.True(caught > 0, $"the checker found no violation in {seeds} runs with stale local reads");
    }

    [Fact]
    public void A_run_replays_identically_from_its_seed()
    {
        static string Trace(int seed)
        {
            var run = new ChaosRun(seed, ReadOnlyOption.Safe, durable: true);
            run.Run(clients: 3, durationMs: 3_000);
            return string.Join("\n", run.History.Select(o => $"{o.ClientId} {o.Input} {o.Output} {o.Call} {o.Return}"));
        }
        var seed = 4242;
        Assert.Equal(Trace(seed), Trace(seed));
    }
}
