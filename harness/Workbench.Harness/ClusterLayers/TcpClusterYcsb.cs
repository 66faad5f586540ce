using System.Text.Json;
using Workbench.Cluster.Net;
using Workbench.Cluster.Topology;
using Workbench.Harness.Results;
using Workbench.Harness.Ycsb;
using Workbench.Txn.Client;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// `workbench ycsb load|run --layer raft|txn --pd HOST:PORT`: YCSB against a running tcp cluster
/// (`workbench cluster up`), through the same raw and transactional clients as the in-process
/// cluster (RawClient, or TxnClient over ClusterTxnKvService), reaching PD and the stores over TCP.
/// With `--processes CLUSTER.yaml` the phase's device bytes are the cluster's: every node flushes
/// its engine at both ends of the phase, and each PD, node and SQL process's /proc/&lt;pid&gt;/io
/// write_bytes difference goes into the phase (process_device_bytes; device_bytes_written = their
/// sum). Without it, client-side figures only.
/// </summary>
internal static class TcpClusterYcsb
{
    public static int Run(string phase, bool loadFirst, string workloadFile, CoreWorkloadSettings settings, string pdAddress,
        string layer, int threads, int seed, TxnClientOptions txnOptions, string? json, string? processesFile = null)
    {
        // With the cluster's YAML, the device bytes of its processes are read around each phase.
        var processes = processesFile is null ? null : ClusterProcess.ClusterDeviceBytes.ProcessesOf(processesFile);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(txnOptions);
        var results = new List<PhaseResult>();
        using (var cluster = TcpCluster.Connect(pdAddress))
        {
            var raw = layer == "raft" ? cluster.NewRawClient(seed) : null;
            var txn = layer == "txn" ? ClusterTxn.NewClient(cluster.PdRpc, cluster.StoreRpc, txnOptions, null, seed) : null;
            try
            {
                var workload = new CoreWorkload(settings);
                var device = processes is null ? null : new ClusterProcess.TcpClusterDeviceBytes(cluster.PdRpc, processes);
                var runner = new YcsbRunner(null, workload, threads, seed,
                    r => raw is not null ? new RawYcsbWorker(raw, workload, r) : new TxnYcsbWorker(txn!, workload, r)) { ExternalDevice = device };
                Console.WriteLine($"cluster: PD {pdAddress} (tcp)  layer: {layer}  workload: {workloadFile}  records: {settings.RecordCount}  operations: {settings.OperationCount}  record size: {workload.RecordSize} bytes  threads: {threads}");
                if (processes is null) Console.WriteLine("device bytes: not measured here (they are the node processes' own; pass --processes CLUSTER.yaml, or see `workbench cluster status`)");
                else Console.WriteLine($"device bytes: /proc/<pid>/io of {processes.Count} processes of {processesFile} ({string.Join(", ", processes.Select(x => $"{x.Role} pid {x.Pid}"))})");
                if (phase == "load" || loadFirst)
                {
                    var load = runner.Load();
                    Console.Write(YcsbOutputFormatter.Format(load.Result));
                    if (runner.LastExternal is { } external) Console.WriteLine(external.Line);
                    results.Add(load.Result);
                }
                if (phase == "run")
                {
                    var run = runner.Run();
                    Console.Write(YcsbOutputFormatter.Format(run.Result));
                    if (runner.LastExternal is { } external) Console.WriteLine(external.Line);
                    results.Add(run.Result);
                    var reads = run.Result.Operations.TryGetValue("READ", out var r) ? r : null;
                    if (reads is not null && reads.Count > 0 && reads.NotFound == reads.Count)
                        Console.Error.WriteLine("workbench ycsb: no read found its record — load first (ycsb load against the same cluster, or pass --load)");
                }
            }
            finally
            {
                txn?.Dispose();
            }
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
