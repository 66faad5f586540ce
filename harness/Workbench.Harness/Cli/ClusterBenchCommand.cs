using System.Diagnostics;
using System.Globalization;
using Workbench.Cluster.Topology;
using Workbench.Harness.Engines;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Cli;

/// <summary>
/// `workbench cluster-bench`: a YCSB-A-shaped raw workload (50 % reads, 50 % updates of whole
/// records, uniform keys) against an in-process cluster from a cluster YAML, on the local disk
/// through a counting file system; prints ops/s and the bytes written by category, so the Raft
/// layer's write amplification and the raft_log share can be compared per engine and raft.log mode.
/// </summary>
internal sealed class ClusterBenchCommand : IVerb
{
    public string Name => "cluster-bench";
    public string Summary => "raw 50/50 read/update workload on an in-process cluster from a cluster YAML (ops/s, bytes by category)";

    public string Help => """
        usage: workbench cluster-bench --config FILE [--engine NAME] [--raft-log separate|engine]
                                       [--records 5000] [--ops 20000] [--value-size 1024] [--concurrency 32] [--dir DIR] [--seed S]
               workbench cluster-bench --pd HOST:PORT [--records 5000] [--ops 20000] [--value-size 1024] [--concurrency 32] [--seed S]

        Starts the in-process topology of FILE (every node's engine, or --engine for all nodes),
        loads --records records of --value-size bytes, then runs --ops operations (half reads,
        half updates, uniform keys) with --concurrency outstanding. Files live under --dir (default:
        a new temporary directory, deleted afterwards). Prints throughput, user bytes, bytes
        written by category summed over all stores, and WA = bytes written / user bytes of the run
        phase.

        With --pd, the same workload runs against a running tcp cluster (`workbench cluster up`)
        through PD at HOST:PORT; it prints throughput and latency percentiles. Bytes by category
        are each node's own: see its metrics endpoint (workbench_engine_bytes_written).

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("config").Option("engine").Option("raft-log").Option("records").Option("ops")
            .Option("value-size").Option("concurrency").Option("dir").Option("seed").Option("pd").Parse(args);
        if (p.Get("pd") is { } pdAddress) return RunAgainstPd(p, pdAddress);
        var configPath = p.Get("config") ?? throw new UsageException("--config is required (e.g. harness/clusters/inprocess3.yaml)");
        var registry = EngineCatalog.Create();
        ClusterConfig config;
        try
        {
            config = new ClusterConfigLoader(registry).LoadFile(configPath);
        }
        catch (ClusterConfigException e)
        {
            throw new UsageException(e.Message);
        }
        var engine = p.Get("engine");
        var raftLog = p.Get("raft-log");
        if (raftLog is not (null or "separate" or "engine")) throw new UsageException($"--raft-log must be separate or engine, got '{raftLog}'");
        config = new ClusterConfig
        {
            Topology = config.Topology,
            Nodes = engine is null ? config.Nodes : config.Nodes.Select(n => n with { Engine = new EngineConfig(engine) }).ToList(),
            Replicas = config.Replicas,
            RaftLogInEngine = raftLog is null ? config.RaftLogInEngine : raftLog == "engine",
            TickMs = config.TickMs,
            ElectionTick = config.ElectionTick,
            HeartbeatTick = config.HeartbeatTick,
            SplitSizeBytes = config.SplitSizeBytes,
            SplitKeys = config.SplitKeys,
        };
        var records = p.GetInt("records", 5000);
        var ops = p.GetInt("ops", 20_000);
        var valueSize = p.GetInt("value-size", 1024);
        var concurrency = p.GetInt("concurrency", 32);
        var seed = p.GetInt("seed", 1);
        var dir = p.Get("dir");
        var temp = dir is null;
        dir ??= Path.Combine(Path.GetTempPath(), "workbench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var fs = new CountingFileSystem(LocalFileSystem.Instance);
            using var cluster = new InProcessCluster(config, registry, fs, dir.Replace('\\', '/'), seed);
            cluster.WaitReadyAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            var client = cluster.NewRawClient();
            var value = new byte[valueSize];
            new Random(seed).NextBytes(value);
            static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes("user" + i.ToString("D10", CultureInfo.InvariantCulture));
            RunConcurrent(records, concurrency, i => client.PutAsync(Key(i), value));
            var before = fs.Counters.Snapshot();
            var rng = new Random(seed + 1);
            var plan = Enumerable.Range(0, ops).Select(_ => (Read: rng.Next(2) == 0, Key: rng.Next(records))).ToArray();
            var watch = Stopwatch.StartNew();
            RunConcurrent(ops, concurrency, i => plan[i].Read ? client.GetAsync(Key(plan[i].Key)) : client.PutAsync(Key(plan[i].Key), value));
            var seconds = watch.Elapsed.TotalSeconds;
            var after = fs.Counters.Snapshot();
            var updates = plan.Count(x => !x.Read);
            var userBytes = (long)updates * (14 + valueSize);
            long total = 0;
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"cluster-bench: {config.Nodes.Count} stores in-process ({string.Join(", ", config.Nodes.Select(n => n.Engine.ToString()))}), raft.log {(config.RaftLogInEngine ? "engine" : "separate")}, {records} records of {valueSize} B, {ops} ops 50/50, {concurrency} outstanding"));
            Console.WriteLine(string.Create(inv, $"throughput: {ops / seconds:F0} ops/s ({seconds:F2} s); regions {cluster.Pd.AllRegions().Count}"));
            foreach (var cat in WriteCategories.All)
            {
                var b = after.BytesWritten(cat) - before.BytesWritten(cat);
                total += b;
                if (b > 0) Console.WriteLine(string.Create(inv, $"  {cat.ToName(),-12} {b,14:N0} B  {(double)b / userBytes,7:F2}x user"));
            }
            var raftShare = (double)(after.BytesWritten(WriteCategory.RaftLog) - before.BytesWritten(WriteCategory.RaftLog)) / Math.Max(1, total);
            Console.WriteLine(string.Create(inv, $"user bytes {userBytes:N0}; written {total:N0}; WA {(double)total / userBytes:F2}; raft_log share {raftShare:P1}"));
            return 0;
        }
        finally
        {
            if (temp) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The workload against a running tcp cluster: load, then the 50/50 phase; ops/s and latency percentiles of the phase.</summary>
    private static int RunAgainstPd(ArgParser p, string pdAddress)
    {
        if (p.Get("config") is not null || p.Get("engine") is not null || p.Get("raft-log") is not null || p.Get("dir") is not null)
            throw new UsageException("--pd runs against a running cluster: --config, --engine, --raft-log and --dir do not apply");
        if (!Workbench.Cluster.Net.Endpoints.TrySplit(pdAddress, out _, out var port) || port == 0) throw new UsageException($"--pd must be HOST:PORT, got '{pdAddress}'");
        var records = p.GetInt("records", 5000);
        var ops = p.GetInt("ops", 20_000);
        var valueSize = p.GetInt("value-size", 1024);
        var concurrency = p.GetInt("concurrency", 32);
        var seed = p.GetInt("seed", 1);
        using var cluster = Workbench.Cluster.Net.TcpCluster.Connect(pdAddress);
        var client = cluster.NewRawClient(seed);
        try
        {
            cluster.Pd.GetRegionAsync([]).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            Console.Error.WriteLine($"workbench cluster-bench: PD at {pdAddress} is unreachable: {e.Message}");
            return 1;
        }
        var value = new byte[valueSize];
        new Random(seed).NextBytes(value);
        static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes("user" + i.ToString("D10", CultureInfo.InvariantCulture));
        RunConcurrent(records, concurrency, i => client.PutAsync(Key(i), value));
        var rng = new Random(seed + 1);
        var plan = Enumerable.Range(0, ops).Select(_ => (Read: rng.Next(2) == 0, Key: rng.Next(records))).ToArray();
        var micros = new long[ops];
        var watch = Stopwatch.StartNew();
        RunConcurrent(ops, concurrency, async i =>
        {
            var start = Stopwatch.GetTimestamp();
            if (plan[i].Read) await client.GetAsync(Key(plan[i].Key)).ConfigureAwait(false);
            else await client.PutAsync(Key(plan[i].Key), value).ConfigureAwait(false);
            micros[i] = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        });
        var seconds = watch.Elapsed.TotalSeconds;
        Array.Sort(micros);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"cluster-bench: tcp cluster via PD {pdAddress}, {records} records of {valueSize} B, {ops} ops 50/50, {concurrency} outstanding"));
        Console.WriteLine(string.Create(inv, $"throughput: {ops / seconds:F0} ops/s ({seconds:F2} s); latency p50 {micros[ops / 2] / 1000.0:F2} ms, p99 {micros[Math.Min(ops - 1, ops * 99 / 100)] / 1000.0:F2} ms; region errors retried {client.RegionErrors}"));
        return 0;
    }

    private static void RunConcurrent(int count, int concurrency, Func<int, Task> op)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await op(i).ConfigureAwait(false);
        }).ToArray();
        Task.WaitAll(workers);
    }
}
