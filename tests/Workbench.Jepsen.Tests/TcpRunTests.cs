using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Tcp;
using Workbench.Storage.Registry;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Jepsen.Tests;

/// <summary>
/// One short run per workload on the tcp topology: PD and three `workbench node` processes on
/// 127.0.0.1 (free ports), kill -9 of a node every 1.5 s and its restart 1.5 s later, clients over
/// TcpCluster.Connect and the cluster's transactional service. Seeded (WORKBENCH_SEED), not
/// replayed exactly (real processes and threads).
/// </summary>
public class TcpRunTests(ITestOutputHelper output)
{
    private static readonly EngineRegistry Registry = TestEngines.Registry();

    [Fact]
    public void A_cluster_whose_processes_exit_at_start_is_a_setup_error_naming_the_role()
    {
        // /bin/false runs instead of `workbench pd`: the role exits at once, and the run must say so
        // (the CLI prints it as one line) rather than time out or throw an untyped error.
        using var cluster = new Workbench.Jepsen.Tcp.TcpProcessCluster(["/bin/false"], new EngineConfig("lsm"));
        var e = Assert.Throws<JepsenSetupException>(() => cluster.Start(TimeSpan.FromSeconds(30)));
        Assert.Contains("exited (code 1) while the cluster started", e.Message);
    }

    /// <summary>The cluster names the verbs' flag by its own constant (it cannot reference the harness): the two must agree.</summary>
    [Fact]
    public void The_cluster_starts_its_processes_with_the_verbs_exit_with_parent_flag() =>
        Assert.Equal(Workbench.Harness.ClusterProcess.ParentExit.Flag, TcpProcessCluster.ExitWithParentFlag);

    /// <summary>
    /// The guard against the CI hang's orphans: `workbench jepsen --layer sql --topology tcp` killed
    /// with SIGKILL (no Dispose, no cleanup runs) leaves no cluster behind — its pd, three nodes and
    /// sql-server, started with --exit-with-parent and a pipe as stdin, exit by themselves.
    /// </summary>
    [Fact]
    public async Task A_jepsen_verb_killed_with_sigkill_takes_its_tcp_cluster_with_it()
    {
        var timeout = TimeSpan.FromSeconds(90);
        using var verb = WorkbenchProcess.StartChild(["jepsen", "--workload", "bank", "--layer", "sql", "--topology", "tcp", "--nemesis", "none", "--time", "600", "--seed", "1"], exitWithParent: false);
        var children = await UntilAsync(() => ProcessTable.Children(verb.Id) is { Count: >= TcpProcessCluster.NodeCount + 2 } c ? c : null, timeout,
            () => $"the verb did not start pd, {TcpProcessCluster.NodeCount} nodes and sql-server; it has {ProcessTable.Children(verb.Id).Count} children");
        var commands = children.Select(c => ProcessTable.CommandLine(c) ?? "").ToList();
        foreach (var c in commands) output.WriteLine(c);
        Assert.All(commands, c => Assert.Contains("--" + TcpProcessCluster.ExitWithParentFlag, c, StringComparison.Ordinal));
        var dir = commands.Select(c => System.Text.RegularExpressions.Regex.Match(c, @"--config (\S+)/cluster\.yaml")).First(m => m.Success).Groups[1].Value;
        try
        {
            using (var p = System.Diagnostics.Process.GetProcessById(verb.Id)) p.Kill(entireProcessTree: false); // SIGKILL of the verb alone
            await verb.WaitForExitAsync(timeout);
            await UntilAsync(() => children.TrueForAll(c => !ProcessTable.IsRunning(c)) ? children : null, timeout,
                () => $"still running after the verb's SIGKILL: {string.Join(", ", children.Where(ProcessTable.IsRunning))}");
        }
        finally
        {
            // A killed verb cannot delete its temporary directory.
            if (dir.Contains("wb-jepsen-tcp-", StringComparison.Ordinal)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; a TimeoutException with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    private static async Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan timeout, Func<string> what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what());
            await Task.Delay(100); // poll interval of the condition
        }
    }

    [Theory]
    [InlineData("bank")]
    [InlineData("register")]
    [InlineData("append")]
    [InlineData("set")]
    [InlineData("long-fork")]
    public void A_tcp_run_with_kill_9_of_nodes_is_valid(string workload)
    {
        var seed = TestEngines.Seeds(600, 1).First();
        var r = JepsenRunner.Run(new JepsenOptions
        {
            Workload = workload,
            Nemeses = NemesisNames.Parse("kill"),
            TimeSeconds = 6,
            NemesisIntervalMs = 1500,
            Engine = new EngineConfig("lsm"),
            Registry = Registry,
            Layer = "txn",
            Topology = "tcp",
            Seed = seed,
            WorkbenchCommand = [ChildProcess.DotnetHost(), WorkbenchProcess.Dll],
        });
        output.WriteLine($"{r.Replay}: {r.Operations} ops; {string.Join("; ", r.Verdicts)}");
        foreach (var n in r.Notes) output.WriteLine("  " + n);
        Assert.Contains(r.History, e => e.Process == HistoryEvent.NemesisProcess && e.F == "start-kill" && e.Type == HistoryEventType.Info && e.Value!.GetValue<string>().StartsWith("kill -9 node", StringComparison.Ordinal));
        Assert.Contains(r.History, e => e.Process == HistoryEvent.NemesisProcess && e.F == "stop-kill" && e.Type == HistoryEventType.Info && e.Value!.GetValue<string>().StartsWith("restarted node", StringComparison.Ordinal));
        Assert.True(r.Operations > 5, $"only {r.Operations} operations");
        Assert.True(r.Valid, $"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
    }
}
