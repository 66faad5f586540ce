using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Net;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Net;

/// <summary>
/// A tcp cluster of real processes for tests, driven through the `workbench cluster` verbs: a config
/// with ports chosen free at test time (all on 127.0.0.1), data under a temporary directory, and
/// cleanup that stops every process it started (cluster down, then SIGKILL of any pid file left).
/// </summary>
public sealed class TcpTestCluster : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly HashSet<int> _ports = [];

    public TcpTestCluster(ITestOutputHelper output, string[] engines, int standby, bool sql = false)
    {
        _output = output;
        Directory.CreateDirectory(Dir);
        PdAddress = $"127.0.0.1:{FreePort()}";
        PdStatusAddress = $"127.0.0.1:{FreePort()}";
        var yaml = new StringBuilder();
        yaml.AppendLine("topology: tcp");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"pd: {{ address: {PdAddress}, data_dir: {Dir}/pd, status_address: {PdStatusAddress} }}");
        yaml.AppendLine("nodes:");
        for (var i = 0; i < engines.Length + standby; i++)
        {
            var id = i + 1;
            var engine = i < engines.Length ? engines[i] : engines[0];
            var address = $"127.0.0.1:{FreePort()}";
            var status = $"127.0.0.1:{FreePort()}";
            NodeAddresses[(ulong)id] = address;
            StatusAddresses[(ulong)id] = status;
            Engines[(ulong)id] = engine;
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {{ id: {id}, address: {address}, status_address: {status}, data_dir: {Dir}/node{id}, engine: {{ name: {engine} }}{(i >= engines.Length ? ", standby: true" : "")} }}");
        }
        yaml.AppendLine("replicas: 3");
        // Short ticks so elections and PD's operator steps take well under a second each.
        yaml.AppendLine("raft: { log: separate, tick_ms: 50, election_tick: 10, heartbeat_tick: 2 }");
        if (sql)
        {
            // The SQL (TiDB) role that `cluster up` starts: `workbench sql-server --config` joins the cluster.
            SqlPort = FreePort();
            yaml.AppendLine(CultureInfo.InvariantCulture, $"sql: {{ address: 127.0.0.1:{SqlPort}, users: [ {{ user: root, password: \"\" }} ] }}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"data_dir: {Dir}/sql");
        }
        ConfigPath = Path.Combine(Dir, "cluster.yaml");
        File.WriteAllText(ConfigPath, yaml.ToString());
        output.WriteLine(yaml.ToString());
    }

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "workbench-tcp-" + Guid.NewGuid().ToString("N")[..10]);
    public string ConfigPath { get; }
    public string PdAddress { get; }
    public string PdStatusAddress { get; }

    /// <summary>The SQL role's MySQL port (0 without one).</summary>
    public int SqlPort { get; }
    public Dictionary<ulong, string> NodeAddresses { get; } = [];
    public Dictionary<ulong, string> StatusAddresses { get; } = [];
    public Dictionary<ulong, string> Engines { get; } = [];

    private int FreePort() => FreePorts.Next(_ports);

    /// <summary>Runs `workbench ARGS` to completion; returns (exit code, stdout + stderr).</summary>
    public (int Code, string Output) Workbench(params string[] args)
    {
        // A verb that runs to completion (cluster up/down/...): no --exit-with-parent. `cluster up` detaches its
        // processes (the user's way): Dispose reaps them by pid file, and if this test host dies first they
        // exit by themselves (WorkbenchProcess names its pid in WORKBENCH_EXIT_WITH_PID, which they inherit).
        var psi = WorkbenchProcess.StartInfo(args, exitWithParent: false, workingDirectory: Dir);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000)) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        var text = stdout.Result + stderr.Result;
        _output.WriteLine($"$ workbench {string.Join(' ', args)}  → exit {p.ExitCode}\n{text}");
        return (p.ExitCode, text);
    }

    public void Run(params string[] args)
    {
        var (code, output) = Workbench(args);
        Assert.True(code == 0, $"workbench {string.Join(' ', args)} exited {code}:\n{output}\n{Logs()}");
    }

    public int? Pid(ulong node)
    {
        var f = Path.Combine(Dir, $"node{node}", "node.pid");
        return File.Exists(f) && int.TryParse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>SIGKILL of a node's process: no shutdown code runs.</summary>
    public void Kill9(ulong node)
    {
        var pid = Pid(node) ?? throw new InvalidOperationException($"node {node} has no pid file");
        using var p = Process.GetProcessById(pid);
        p.Kill();
        Assert.True(p.WaitForExit(10_000), $"node {node} (pid {pid}) survived SIGKILL");
        _output.WriteLine($"kill -9 node {node} (pid {pid})");
    }

    public async Task<GetClusterStatusResponse> StatusAsync()
    {
        await using var pd = new TcpPdRpc(PdAddress);
        return await pd.GetClusterStatusAsync();
    }

    /// <summary>Polls PD until <paramref name="condition"/> holds on its status (or fails with the last status and the logs).</summary>
    public async Task<GetClusterStatusResponse> WaitAsync(Func<GetClusterStatusResponse, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        GetClusterStatusResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await StatusAsync();
                if (condition(last)) return last;
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // PD busy or restarting: the condition is not met yet
            }
            await Task.Delay(100); // poll interval of the condition
        }
        throw new TimeoutException($"{what}: not within {timeout.TotalSeconds} s; last status {last}\n{Logs()}");
    }

    /// <summary>One metric's value from a node's Prometheus endpoint (the first line whose series starts with <paramref name="series"/>).</summary>
    public Task<double?> MetricAsync(ulong node, string series) => MetricAtAsync(StatusAddresses[node], series);

    public async Task<double?> MetricAtAsync(string statusAddress, string series)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text;
        try
        {
            text = await http.GetStringAsync($"http://{statusAddress}/metrics");
        }
        catch (HttpRequestException)
        {
            return null;
        }
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series, StringComparison.Ordinal))
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return null;
    }

    public string Logs()
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.Exists(Dir) ? Directory.GetFiles(Dir, "*.log", SearchOption.AllDirectories) : [])
        {
            var lines = File.ReadAllLines(f);
            sb.AppendLine(CultureInfo.InvariantCulture, $"--- {f} (last 20 lines)");
            foreach (var l in lines.Skip(Math.Max(0, lines.Length - 20))) sb.AppendLine(l);
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        try
        {
            Workbench("cluster", "down", ConfigPath);
        }
        finally
        {
            // Whatever survived (a failed down): kill by pid file, only processes running workbench.
            foreach (var f in Directory.Exists(Dir) ? Directory.GetFiles(Dir, "*.pid", SearchOption.AllDirectories) : [])
                if (int.TryParse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture, out var pid) && File.Exists($"/proc/{pid}/cmdline")
                    && File.ReadAllText($"/proc/{pid}/cmdline").Contains("workbench", StringComparison.Ordinal))
                    try
                    {
                        using var p = Process.GetProcessById(pid);
                        p.Kill();
                    }
                    catch (ArgumentException)
                    {
                        // already gone
                    }
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
