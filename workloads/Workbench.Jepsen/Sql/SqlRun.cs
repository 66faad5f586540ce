using System.Diagnostics;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// A SQL-layer run: one MySqlConnector connection per client thread to the target's SQL server;
/// the clients run the workload's transactions for the run's wall-clock time while this thread
/// applies the nemesis schedule; then every fault heals and the final reads run on a fresh
/// connection. Seeded (operation choice, fault choice), but real threads and processes: a seed
/// does not replay a run exactly.
/// </summary>
internal sealed class SqlRun(JepsenOptions options, ISqlTarget target)
{
    public List<string> Notes { get; } = [];

    public List<HistoryEvent> Run(ISqlWorkload workload)
    {
        foreach (var n in options.Nemeses)
            if (!target.SupportedNemeses.Contains(n))
                throw new JepsenConfigException($"nemesis '{NemesisNames.Name(n)}' is not available on {target.Description}; it has {string.Join(", ", target.SupportedNemeses.Select(NemesisNames.Name))}");
        var rng = new Random(options.Seed);
        using (var setup = new SqlClient(target.ConnectionString)) workload.Setup(setup);
        var clock = Stopwatch.StartNew();
        var recorder = new HistoryRecorder(() => (long)(clock.ElapsedTicks * (1_000_000_000.0 / Stopwatch.Frequency)));
        var driver = new SqlDriver(recorder, options.Clients, options.BlindRetry);
        var endMs = (long)(options.TimeSeconds * 1000);
        var threads = new List<Thread>();
        var failures = new List<Exception>();
        var connections = 0;
        for (var p = 0; p < options.Clients; p++)
        {
            var process = p;
            var seed = rng.Next();
            var t = new Thread(() =>
            {
                using var client = new SqlClient(target.ConnectionString);
                try
                {
                    var r = new Random(seed);
                    var proc = process;
                    while (clock.ElapsedMilliseconds < endMs) proc = workload.Step(driver, client, proc, r);
                }
                catch (Exception e)
                {
                    lock (failures) failures.Add(e);
                }
                Interlocked.Add(ref connections, client.Opened);
            }) { IsBackground = true, Name = "jepsen-sql-client-" + process };
            threads.Add(t);
            t.Start();
        }
        var faults = NemesisSchedule.Run(options, target, recorder, clock, rng, endMs);
        NemesisSchedule.JoinAndHeal(target, recorder, threads);
        if (failures.Count > 0) throw new InvalidOperationException($"a client thread failed (seed {options.Seed}): {failures[0].Message}", failures[0]);
        using (var final = new SqlClient(target.ConnectionString)) workload.Final(driver, final, 10_000);
        Notes.Add($"{target.Description}; {faults} faults; sql clients: {driver.Committed} committed, {driver.Conflicts} conflicts (1213), {driver.Unknown} unknown outcomes, {driver.ConnectionErrors} connection errors, {connections} connections opened" +
                  (options.BlindRetry ? $", {driver.BlindRetries} blind retries (broken client)" : ""));
        return [.. recorder.Events];
    }
}
