using System.Diagnostics;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Txn.Client;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// A txn-layer run: client threads run the workload's operations through the synchronous
/// TxnClient for the run's wall-clock time while this thread applies the nemesis schedule; then
/// every fault heals, background commits drain, and the final reads run. Seeded (operation choice,
/// fault choice), but threads interleave as the OS schedules them, so a seed does not replay a
/// run exactly (the simulated topology does; the TxnClient is synchronous and cannot run there).
/// </summary>
internal sealed class TxnRun(JepsenOptions options, ITxnTarget target)
{
    public List<string> Notes { get; } = [];

    public List<HistoryEvent> Run(ITxnWorkload workload)
    {
        foreach (var n in options.Nemeses)
            if (!target.SupportedNemeses.Contains(n))
                throw new JepsenConfigException($"nemesis '{NemesisNames.Name(n)}' is not available on {target.Description}; it has {string.Join(", ", target.SupportedNemeses.Select(NemesisNames.Name))}");
        var rng = new Random(options.Seed);
        using var client = new TxnClient(target.Service, target.Timestamps, new TxnClientOptions
        {
            Seed = rng.Next(),
            BackoffBaseMs = 2,
            BackoffCapMs = 200,
            BackoffBudgetMs = 5_000,
            // Short TTL so locks a killed coordinator left are resolved within a short run.
            LockTtlMs = 1_000,
        });
        workload.Setup(client);
        var clock = Stopwatch.StartNew();
        var recorder = new HistoryRecorder(() => (long)(clock.ElapsedTicks * (1_000_000_000.0 / Stopwatch.Frequency)));
        var driver = new TxnDriver(client, recorder, options.Clients, options.BlindRetry);
        var endMs = (long)(options.TimeSeconds * 1000);
        var threads = new List<Thread>();
        var failures = new List<Exception>();
        for (var p = 0; p < options.Clients; p++)
        {
            var process = p;
            var seed = rng.Next();
            var t = new Thread(() =>
            {
                try
                {
                    var r = new Random(seed);
                    var proc = process;
                    while (clock.ElapsedMilliseconds < endMs) proc = workload.Step(driver, proc, r);
                }
                catch (Exception e)
                {
                    lock (failures) failures.Add(e);
                }
            }) { IsBackground = true, Name = "jepsen-client-" + process };
            threads.Add(t);
            t.Start();
        }

        var faults = NemesisSchedule.Run(options, target, recorder, clock, rng, endMs);
        NemesisSchedule.JoinAndHeal(target, recorder, threads);
        if (failures.Count > 0) throw new InvalidOperationException($"a client thread failed (seed {options.Seed}): {failures[0].Message}", failures[0]);
        if (!client.WaitForBackgroundWork(TimeSpan.FromSeconds(30))) Notes.Add("background secondary commits still running after 30 s");
        workload.Final(driver, 10_000);
        Notes.Add($"{target.Description}; {faults} faults; txn client: {client.Stats.Committed} committed, {client.Stats.Conflicts} conflicts, {client.Stats.Aborted} aborted, {driver.Unknown} unknown outcomes, {client.Stats.BackgroundFailures} background commit failures" +
                  (options.BlindRetry ? $", {driver.BlindRetries} blind retries (broken client)" : ""));
        return [.. recorder.Events];
    }
}
