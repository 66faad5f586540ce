using Workbench.Cluster.Net;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;

namespace Workbench.Harness.ClusterProcess;

/// <summary>`workbench node --config F --id N`: one store of a tcp cluster as a process (until SIGTERM/SIGINT).</summary>
internal sealed class NodeVerb : IVerb
{
    public string Name => "node";
    public string Summary => "run one node (store) of a tcp cluster (cluster YAML) until stopped";

    public string Help => $$"""
        usage: workbench node --config FILE --id N [--pd-wait-s 30] [--exit-with-parent]

        Runs node N of the tcp cluster in FILE: opens its engine (the node's engine: {name,
        options}) and Raft log under its data_dir (default data/nodeN), registers its store with
        PD at pd.address (waiting up to --pd-wait-s for PD and for the cluster's bootstrap), then
        serves the store service (RawGet/RawPut/..., every method of the KvServer table) and Raft
        messages on its address, and Prometheus metrics at http://status_address/metrics when set.
        Writes data_dir/node.pid; prints "node N listening on ADDRESS" when ready; stops on
        SIGTERM or Ctrl-C. Killed with SIGKILL it loses nothing acknowledged (synced writes).
        `workbench cluster up FILE` and `cluster add-node` start nodes for you.
        {{ParentExit.HelpLine}}

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("config").Option("id").Option("pd-wait-s").Flag(ParentExit.Flag).Parse(args);
        ParentExit.Start(p.Has(ParentExit.Flag), "node");
        var path = p.Get("config");
        var config = ClusterConfigFile.LoadTcp(path, "node");
        var node = ClusterConfigFile.Node(config, p.Get("id"), path!);
        var pdWait = TimeSpan.FromSeconds(p.GetInt("pd-wait-s", 30));
        var dir = Path.GetFullPath(node.DataDirOrDefault);
        Directory.CreateDirectory(dir);
        if (ProcessFiles.RunningPid(dir, "node") is { } other && other != Environment.ProcessId)
        {
            Console.Error.WriteLine($"workbench node: node {node.Id} already runs on {dir} (pid {other})");
            return 1;
        }
        using var lifetime = new ProcessLifetime();
        // Every file through the page-cache model, so the node can explain its device bytes by cause (ReadAttribution).
        var (fs, model) = NodeAttributionCounters.FileSystem();
        NodeHost host;
        try
        {
            host = NodeHost.StartAsync(config, node, EngineCatalog.Create(), fs, dir.Replace('\\', '/'), Environment.ProcessId, pdWait).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"workbench node: node {node.Id}: {e.Message}");
            return 1;
        }
        NodeMetrics? metrics = null;
        try
        {
            host.AttributionSource = NodeAttributionCounters.Source(host, fs, model, EngineCatalog.Create(), node.Engine.Name);
            if (node.StatusAddress is { } status) metrics = new NodeMetrics(host, node.Id, node.Engine.Name, fs, status);
            ProcessFiles.WritePid(dir, "node");
            Console.WriteLine($"node {node.Id} listening on {node.Address} (engine {node.Engine}, data {dir})" + (node.StatusAddress is { } s ? $", metrics http://{s}/metrics" : ""));
            Console.Out.Flush();
            while (!lifetime.Stopping.WaitHandle.WaitOne(500))
                if (host.Loop.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure); // typed storage failures get their one line
            Console.WriteLine($"node {node.Id} stopping");
        }
        finally
        {
            metrics?.Dispose();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            ProcessFiles.RemovePid(dir, "node");
        }
        return 0;
    }
}
