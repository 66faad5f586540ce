using System.Globalization;
using System.Text;
using Workbench.Cluster.Net;
using Workbench.Harness.ClusterProcess;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Net;

/// <summary>
/// `--exit-with-parent` on the cluster verbs: a PD process whose starter closes its stdin (what the
/// OS does when the starter dies) exits by itself within a bounded wait, with a log line; without
/// the flag the same close leaves it serving until it is told to stop; and one whose environment
/// names a pid (WORKBENCH_EXIT_WITH_PID) exits when that process is gone, a zombie included.
/// </summary>
public sealed class ExitWithParentTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-exitparent-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly HashSet<int> _ports = [];

    [Fact]
    public async Task Pd_with_the_flag_exits_when_stdin_closes_and_without_it_keeps_serving()
    {
        var (withConfig, _) = Config("with");
        var (withoutConfig, withoutPd) = Config("without");
        using var with = WorkbenchProcess.StartChild(["pd", "--config", withConfig]);
        using var without = WorkbenchProcess.StartChild(["pd", "--config", withoutConfig], exitWithParent: false);
        await WaitListeningAsync(with);
        await WaitListeningAsync(without);

        with.CloseInput();
        without.CloseInput();

        Assert.Equal(WorkbenchProcess.ParentGoneExitCode, await with.WaitForExitAsync(Timeout));
        var log = await with.KillAndReadErrorAsync(Timeout);
        output.WriteLine(log);
        Assert.Contains("stdin closed", log, StringComparison.Ordinal);

        // By now the flagged process has seen its end of input and exited; the other saw the same and still answers.
        await using (var pd = new TcpPdRpc(withoutPd))
            await pd.GetClusterStatusAsync();
        Assert.False(without.HasExited, "pd without --exit-with-parent exited when its stdin closed");
        await without.KillAsync(Timeout);
    }

    /// <summary>
    /// What `cluster up`'s detached processes rely on: with WORKBENCH_EXIT_WITH_PID naming a process
    /// (here a `sleep` this test starts, standing in for the test host), pd exits once that process
    /// is gone, though nobody closes its stdin.
    /// </summary>
    [Fact]
    public async Task Pd_exits_when_the_process_its_environment_names_is_gone()
    {
        var (config, _) = Config("pid");
        using var standIn = ChildProcess.Start("sleep", ["600"]);
        var psi = WorkbenchProcess.StartInfo(["pd", "--config", config], exitWithParent: false);
        psi.Environment[ParentExit.PidVariable] = standIn.Id.ToString(CultureInfo.InvariantCulture);
        using var pd = ChildProcess.Start(psi);
        await WaitListeningAsync(pd);
        Assert.False(pd.HasExited);

        await standIn.KillAsync(Timeout);

        Assert.Equal(ParentExit.ParentGoneExitCode, await pd.WaitForExitAsync(Timeout));
        var log = await pd.KillAndReadErrorAsync(Timeout);
        output.WriteLine(log);
        Assert.Contains($"process {standIn.Id} (WORKBENCH_EXIT_WITH_PID) is gone", log, StringComparison.Ordinal);
    }

    /// <summary>
    /// A starter that died but was never reaped (a zombie: a container whose init does not reap)
    /// counts as gone. The zombie is a `sleep 0.1` whose parent shell exec'd a `sleep 600`, which never waits.
    /// </summary>
    [Fact]
    public async Task Pd_counts_a_zombie_named_by_its_environment_as_gone()
    {
        var (config, _) = Config("zombie");
        using var reaperless = ChildProcess.Start("/bin/sh", ["-c", "sleep 0.1 & echo $!; exec sleep 600"]);
        var zombie = int.Parse(await reaperless.ReadLineAsync(Timeout) ?? throw new InvalidOperationException("sh printed no pid"), CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow + Timeout;
        while (ProcessTable.IsRunning(zombie))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"sleep 0.1 (pid {zombie}) still running");
            await Task.Delay(50); // poll interval of the condition
        }
        Assert.True(ProcessTable.ParentOf(zombie) is not null, $"pid {zombie} was reaped: the test needs it a zombie"); // still in /proc, state Z
        var psi = WorkbenchProcess.StartInfo(["pd", "--config", config], exitWithParent: false);
        psi.Environment[ParentExit.PidVariable] = zombie.ToString(CultureInfo.InvariantCulture);
        using var pd = ChildProcess.Start(psi);

        Assert.Equal(ParentExit.ParentGoneExitCode, await pd.WaitForExitAsync(Timeout));
        var log = await pd.KillAndReadErrorAsync(Timeout);
        output.WriteLine(log);
        Assert.Contains($"process {zombie} (WORKBENCH_EXIT_WITH_PID) is gone", log, StringComparison.Ordinal);
        await reaperless.KillAsync(Timeout);
    }

    private static async Task WaitListeningAsync(ChildProcess child)
    {
        while (true)
        {
            var line = await child.ReadLineAsync(Timeout);
            if (line is null) throw new InvalidOperationException($"pd exited before listening: {await child.KillAndReadErrorAsync(Timeout)}");
            if (line.StartsWith("pd listening on", StringComparison.Ordinal)) return;
        }
    }

    /// <summary>A tcp cluster YAML of its own (free ports, own data dirs) whose PD this test starts; the nodes are never started.</summary>
    private (string Path, string PdAddress) Config(string name)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var pd = $"127.0.0.1:{FreePorts.Next(_ports)}";
        var yaml = new StringBuilder();
        yaml.AppendLine("topology: tcp");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"pd: {{ address: {pd}, data_dir: {dir}/pd }}");
        yaml.AppendLine("nodes:");
        for (var id = 1; id <= 3; id++)
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {{ id: {id}, address: 127.0.0.1:{FreePorts.Next(_ports)}, data_dir: {dir}/node{id}, engine: {{ name: lsm }} }}");
        yaml.AppendLine("replicas: 3");
        var path = Path.Combine(dir, "cluster.yaml");
        File.WriteAllText(path, yaml.ToString());
        return (path, pd);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
