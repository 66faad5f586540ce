using System.Text.Json;
using Workbench.Cluster.Topology;
using Workbench.Harness.Results;
using Workbench.Harness.Ycsb;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.ClusterLayers;

/// <summary>`workbench ycsb load|run --layer raft|txn --cluster FILE`: YCSB over an in-process replicated cluster, printed as the other layers print.</summary>
internal static class ClusterYcsb
{
    public static int Run(string phase, bool loadFirst, string workloadFile, CoreWorkloadSettings settings, EngineRegistry registry, string clusterFile,
        string layer, EngineConfig? engine, string? db, int threads, int seed, TxnClientOptions txnOptions, string? json)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ClusterConfig config;
        try
        {
            config = new ClusterConfigLoader(registry).LoadFile(clusterFile);
            if (engine is not null) registry.ValidateOptions(engine);
        }
        catch (ClusterConfigException e)
        {
            Console.Error.WriteLine($"workbench ycsb: {e.Message}");
            return 2;
        }
        var temporary = db is null;
        var dir = db ?? Path.Combine(Path.GetTempPath(), $"workbench-ycsb-cluster-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var results = new List<PhaseResult>();
        try
        {
            var workload = new CoreWorkload(settings);
            using var cluster = ClusterLayer.Open(config, registry, dir, layer, seed, engine, null, txnOptions);
            var runner = new YcsbRunner(cluster.Engine, workload, threads, seed, r => cluster.NewWorker(workload, r)) { Attribution = cluster.Attribution };
            var engines = string.Join(", ", config.Nodes.Select(n => $"{n.Id}:{(engine ?? n.Engine)}"));
            Console.WriteLine($"cluster: {clusterFile} ({config.Nodes.Count} nodes [{engines}], {config.Replicas} replicas, raft.log {(config.RaftLogInEngine ? "engine" : "separate")})  layer: {layer}  workload: {workloadFile}  records: {settings.RecordCount}  operations: {settings.OperationCount}  record size: {workload.RecordSize} bytes  threads: {threads}");
            if (phase == "load" || loadFirst)
            {
                var load = runner.Load();
                Console.Write(YcsbOutputFormatter.Format(load.Result));
                Console.Write(cluster.DescribeAndReset(runner.LastWorkers, load.Result.UserBytesWritten));
                results.Add(load.Result);
            }
            if (phase == "run")
            {
                var run = runner.Run();
                Console.Write(YcsbOutputFormatter.Format(run.Result));
                Console.Write(cluster.DescribeAndReset(runner.LastWorkers, run.Result.UserBytesWritten));
                results.Add(run.Result);
                var reads = run.Result.Operations.TryGetValue("READ", out var r) ? r : null;
                if (reads is not null && reads.Count > 0 && reads.NotFound == reads.Count)
                    Console.Error.WriteLine("workbench ycsb: no read found its record — load first (same --db, or pass --load)");
            }
        }
        finally
        {
            if (temporary && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        if (json is not null)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(json));
            if (parent is not null) Directory.CreateDirectory(parent);
            File.WriteAllText(json, JsonSerializer.Serialize(results, ResultsStore.JsonOptions));
            Console.WriteLine($"results written to {json}");
        }
        return 0;
    }
}
