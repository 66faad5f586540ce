using Workbench.Cluster.Net;
using Workbench.Cluster.Pd;
using Workbench.Harness.Cli;
using Workbench.Storage.FileSystem;

namespace Workbench.Harness.ClusterProcess;

/// <summary>`workbench pd --config F`: the placement driver of a tcp cluster as a process (until SIGTERM/SIGINT).</summary>
internal sealed class PdVerb : IVerb
{
    public string Name => "pd";
    public string Summary => "run the placement driver of a tcp cluster (cluster YAML) until stopped";

    public string Help => $$"""
        usage: workbench pd --config FILE [--exit-with-parent]

        Runs PD of the tcp cluster in FILE: listens on pd.address (TSO, ids, store and region
        heartbeats, split ids, operators for the nodes; framed TCP RPC, see
        stack/Workbench.Cluster/Net/FORMAT.md), keeps its durable state in pd.data_dir, and serves
        Prometheus metrics at http://pd.status_address/metrics when set. It bootstraps the first
        region once every node without `standby: true` has registered. Writes pd.data_dir/pd.pid;
        prints "pd listening on ADDRESS" when ready; stops on SIGTERM or Ctrl-C.
        `workbench cluster up FILE` starts it for you.
        {{ParentExit.HelpLine}}

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("config").Flag(ParentExit.Flag).Parse(args);
        ParentExit.Start(p.Has(ParentExit.Flag), "pd");
        var path = p.Get("config");
        var config = ClusterConfigFile.LoadTcp(path, "pd");
        var dir = Path.GetFullPath(config.PdDataDir);
        Directory.CreateDirectory(dir);
        if (ProcessFiles.RunningPid(dir, "pd") is { } other && other != Environment.ProcessId)
        {
            Console.Error.WriteLine($"workbench pd: a PD already runs on {dir} (pid {other})");
            return 1;
        }
        using var lifetime = new ProcessLifetime();
        var pd = PlacementDriver.Open(new PdOptions { Replicas = config.Replicas }, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), LocalFileSystem.Instance, dir.Replace('\\', '/'));
        PdServer server;
        try
        {
            server = new PdServer(pd, config.Nodes.Where(n => !n.Standby).Select(n => n.Id).ToList(), Endpoints.ParseListen(config.PdAddress));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"workbench pd: cannot listen on {config.PdAddress}: {e.Message}");
            return 1;
        }
        PdMetrics? metrics = null;
        try
        {
            if (config.PdStatusAddress is { } status) metrics = new PdMetrics(pd, status);
            ProcessFiles.WritePid(dir, "pd");
            Console.WriteLine($"pd listening on {config.PdAddress}" + (config.PdStatusAddress is { } s ? $", metrics http://{s}/metrics" : ""));
            Console.Out.Flush();
            lifetime.WaitForStop();
            Console.WriteLine("pd stopping");
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"workbench pd: {e.Message}");
            return 1;
        }
        finally
        {
            metrics?.Dispose();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            ProcessFiles.RemovePid(dir, "pd");
        }
        return 0;
    }
}
