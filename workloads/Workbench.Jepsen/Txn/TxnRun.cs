using System.Diagnostics;
using System.Text.Json.Nodes;
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

        using var wake = new ManualResetEventSlim(false);
        NemesisKind? active = null;
        var next = (long)options.NemesisIntervalMs;
        var startNext = true;
        var faults = 0;
        while (clock.ElapsedMilliseconds < endMs)
        {
            // The schedule itself: wait for the next boundary (nothing signals the event).
            wake.Wait(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(next, endMs) - clock.ElapsedMilliseconds)));
            if (clock.ElapsedMilliseconds < next || options.Nemeses.Count == 0) continue;
            next += options.NemesisIntervalMs;
            if (startNext)
            {
                var kind = options.Nemeses[rng.Next(options.Nemeses.Count)];
                active = kind;
                Record(recorder, "start-" + NemesisNames.Name(kind), () => target.Start(kind, rng));
                faults++;
            }
            else if (active is not null)
            {
                var kind = active.Value;
                Record(recorder, "stop-" + NemesisNames.Name(kind), () => target.Stop(kind));
                active = null;
            }
            startNext = !startNext;
        }
        foreach (var t in threads)
        {
            // Clients finish their current operation; a pause still in force would hold them, so heal first if needed.
            if (!t.Join(TimeSpan.FromSeconds(5)))
            {
                target.HealAll();
                t.Join();
            }
        }
        Record(recorder, "heal", () =>
        {
            target.HealAll();
            return "all faults stopped";
        });
        if (failures.Count > 0) throw new InvalidOperationException($"a client thread failed (seed {options.Seed}): {failures[0].Message}", failures[0]);
        if (!client.WaitForBackgroundWork(TimeSpan.FromSeconds(30))) Notes.Add("background secondary commits still running after 30 s");
        workload.Final(driver, 10_000);
        Notes.Add($"{target.Description}; {faults} faults; txn client: {client.Stats.Committed} committed, {client.Stats.Conflicts} conflicts, {client.Stats.Aborted} aborted, {driver.Unknown} unknown outcomes, {client.Stats.BackgroundFailures} background commit failures" +
                  (options.BlindRetry ? $", {driver.BlindRetries} blind retries (broken client)" : ""));
        return [.. recorder.Events];
    }

    /// <summary>The nemesis's invoke is recorded before the fault acts, its info after (a kill may wait for requests in flight).</summary>
    private static void Record(HistoryRecorder h, string f, Func<string> act)
    {
        h.Invoke(HistoryEvent.NemesisProcess, f, null);
        h.Complete(HistoryEventType.Info, HistoryEvent.NemesisProcess, f, JsonValue.Create(act()));
    }
}
