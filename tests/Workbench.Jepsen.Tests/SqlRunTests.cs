using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Storage.Registry;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Jepsen.Tests;

/// <summary>
/// The sql layer: MySqlConnector clients against our SQL server, Jepsen TiDB's schemas. One short
/// in-process run per workload (and the bank variants), the broken blind-retry client caught by
/// bank, one tcp bank run with kill -9 of nodes and of the sql-server process, and the usage
/// errors. Seeded (WORKBENCH_SEED), not replayed exactly (real threads and sockets).
/// </summary>
public class SqlRunTests(ITestOutputHelper output)
{
    private static readonly EngineRegistry Registry = TestEngines.Registry();

    private static JepsenOptions Sql(string workload, int seed, string topology = "in-process", string nemeses = "none") => new()
    {
        Workload = workload,
        Nemeses = NemesisNames.Parse(nemeses),
        TimeSeconds = 1.5,
        NemesisIntervalMs = 1000,
        Engine = new EngineConfig("lsm"),
        Registry = Registry,
        Layer = "sql",
        Topology = topology,
        Seed = seed,
        Clients = 5,
    };

    private void Report(JepsenResult r)
    {
        output.WriteLine($"{r.Replay}: {r.Operations} ops; {string.Join("; ", r.Verdicts)}");
        foreach (var n in r.Notes) output.WriteLine("  " + n);
    }

    [Theory]
    [InlineData("bank", false, false)]
    [InlineData("bank", true, false)]
    [InlineData("bank", false, true)]
    [InlineData("register", false, false)]
    [InlineData("append", false, false)]
    [InlineData("set", false, false)]
    [InlineData("long-fork", false, false)]
    public void An_in_process_sql_run_is_valid(string workload, bool plainReads, bool updateInPlace)
    {
        var seed = TestEngines.Seeds(700, 1).First();
        var r = JepsenRunner.Run(Sql(workload, seed) with { PlainReads = plainReads, UpdateInPlace = updateInPlace });
        Report(r);
        Assert.True(r.Operations > 20, $"only {r.Operations} operations");
        Assert.Contains(r.History, e => e.Type == HistoryEventType.Ok);
        Assert.True(r.Valid, $"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
    }

    /// <summary>TiDB 2.1's automatic retry over SQL: a COMMIT refused with 1213 is followed by the same UPDATEs with the balances computed from stale reads; money appears or vanishes.</summary>
    [Fact]
    public void The_blind_retry_client_is_caught_by_bank_over_sql()
    {
        var seed = TestEngines.Seeds(710, 1).First();
        var r = JepsenRunner.Run(Sql("bank", seed) with { BlindRetry = true, TimeSeconds = 3 });
        Report(r);
        Assert.Contains(r.Notes, n => n.Contains("blind retries", StringComparison.Ordinal));
        var bank = Assert.Single(r.Verdicts);
        Assert.Equal(VerdictKind.Invalid, bank.Verdict);
        Assert.Contains("expected 100", bank.Detail, StringComparison.Ordinal);
    }

    /// <summary>PD, 3 lsm nodes and the sql-server process on 127.0.0.1; kill -9 of a node or of the SQL server every 2.4 s, restarted 1.2 s later (three faults; the default seed kills both kinds).</summary>
    [Fact]
    public void A_tcp_sql_bank_run_with_kill_9_is_valid()
    {
        var seed = TestEngines.Seeds(722, 1).First();
        var r = JepsenRunner.Run(Sql("bank", seed, "tcp", "kill,kill-sql") with
        {
            TimeSeconds = 7.5,
            NemesisIntervalMs = 1200,
            WorkbenchCommand = [ChildProcess.DotnetHost(), WorkbenchProcess.Dll],
        });
        Report(r);
        var kills = r.History.Where(e => e.Process == HistoryEvent.NemesisProcess && e.F.StartsWith("start-kill", StringComparison.Ordinal) && e.Type == HistoryEventType.Info).Select(e => e.Value!.GetValue<string>()).ToList();
        output.WriteLine("faults: " + string.Join(", ", kills));
        Assert.NotEmpty(kills);
        Assert.All(kills, k => Assert.StartsWith("kill -9 ", k, StringComparison.Ordinal));
        Assert.True(r.Operations > 20, $"only {r.Operations} operations");
        Assert.True(r.Valid, $"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
    }

    [Fact]
    public void Unavailable_sql_combinations_are_clear_errors()
    {
        var sim = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, "simulated")));
        Assert.Contains("layer sql cannot run on topology simulated", sim.Message, StringComparison.Ordinal);
        var local = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, "local")));
        Assert.Contains("in-process or tcp", local.Message, StringComparison.Ordinal);
        var faults = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, nemeses: "kill")));
        Assert.Contains("use --topology tcp", faults.Message, StringComparison.Ordinal);
        var clock = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, "tcp", "clock") with { WorkbenchCommand = ["workbench"] }));
        Assert.Contains("kill-sql", clock.Message, StringComparison.Ordinal);
        var noCommand = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, "tcp", "kill")));
        Assert.Contains("sql-server", noCommand.Message, StringComparison.Ordinal);
        var workload = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("monotonic", 1)));
        Assert.Contains("sql: bank, append", workload.Message, StringComparison.Ordinal);
        // kill-sql needs the SQL role: the txn layer's tcp target refuses it.
        var txn = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Sql("bank", 1, "tcp", "kill-sql") with { Layer = "txn", WorkbenchCommand = ["workbench"] }));
        Assert.Contains("not available on layer txn", txn.Message, StringComparison.Ordinal);
    }
}
