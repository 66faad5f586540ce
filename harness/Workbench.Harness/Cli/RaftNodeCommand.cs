using System.Globalization;
using System.Net;
using Workbench.Cluster.Kv;

namespace Workbench.Harness.Cli;

/// <summary>
/// `workbench raft-node`: runs one replica of the replicated KV demo over TCP (for multi-process
/// clusters), or with --bench measures the KV demo with three in-process replicas.
/// </summary>
internal sealed class RaftNodeCommand : IVerb
{
    public string Name => "raft-node";
    public string Summary => "run one replica of the Raft KV demo over TCP (or --bench: measure 3 in-process replicas)";

    public string Help => $$"""
        usage: workbench raft-node --id N --peers 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003
                                   --data DIR [--port P] [--tick-ms 20] [--election-ticks 10] [--seed S]
                                   [--exit-with-parent]
               workbench raft-node --bench [--ops 50000] [--value-size 100] [--concurrency 64] [--dir DIR]

        Node mode: a Raft replica of the KV demo. Its Raft log is durable in DIR/raft (checksummed
        segments, fsync per Ready); the KV state is rebuilt from the log on start. Listens on --port
        (default: the port of its own --peers entry) for peers and for clients (length-prefixed
        protobuf frames, see stack/Workbench.Cluster/Messages/kvdemo.proto inside RpcRequest frames). Prints "listening on PORT"
        once ready, then runs until killed.
        {{ClusterProcess.ParentExit.HelpLine}}

        Bench mode: three replicas in this process, puts of small values through the leader with
        --concurrency outstanding; prints ops/s and bytes written to the Raft logs vs the engines
        (durable memory engine). --dir puts the files on the local disk (default: in memory).

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser()
            .Flag("bench").Option("ops").Option("value-size").Option("concurrency").Option("dir")
            .Option("id").Option("peers").Option("data").Option("port").Option("tick-ms").Option("election-ticks").Option("seed").Flag(ClusterProcess.ParentExit.Flag)
            .Parse(args);
        return p.Has("bench") ? RunBench(p) : RunNode(p);
    }

    private static int RunBench(ArgParser p)
    {
        var options = new KvBenchmarkOptions
        {
            Operations = p.GetInt("ops", 50_000),
            ValueSize = p.GetInt("value-size", 100),
            Concurrency = p.GetInt("concurrency", 64),
            Directory = p.Get("dir"),
        };
        if (options.Directory is not null) Directory.CreateDirectory(options.Directory);
        var r = KvBenchmark.Run(options);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"raft kv demo: 3 replicas in-process, {r.Operations} puts of {options.ValueSize} B values, {options.Concurrency} outstanding, files {(options.Directory ?? "in memory")}"));
        Console.WriteLine(string.Create(inv, $"throughput: {r.OpsPerSecond:F0} ops/s ({r.Seconds:F2} s)"));
        Console.WriteLine(string.Create(inv, $"user bytes (key+value): {r.UserBytes}"));
        Console.WriteLine(string.Create(inv, $"raft log bytes (3 replicas): {r.RaftLogBytes} ({(double)r.RaftLogBytes / r.UserBytes:F2}x user bytes), syncs {r.RaftSyncs}; by category: {Format(r.RaftBytesByCategory)}"));
        Console.WriteLine(string.Create(inv, $"engine bytes (3 replicas): {r.EngineBytes} ({(double)r.EngineBytes / r.UserBytes:F2}x user bytes); by category: {Format(r.EngineBytesByCategory)}"));
        Console.WriteLine(string.Create(inv, $"raft log share of bytes written: {r.RaftShare:P1}"));
        return 0;
    }

    private static string Format(IReadOnlyDictionary<string, long> d) => string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}"));

    private static int RunNode(ArgParser p)
    {
        ClusterProcess.ParentExit.Start(p.Has(ClusterProcess.ParentExit.Flag), "raft-node");
        var idText = p.Get("id") ?? throw new UsageException("--id is required");
        if (!ulong.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0) throw new UsageException($"--id must be a positive integer, got '{idText}'");
        var peersText = p.Get("peers") ?? throw new UsageException("--peers is required (e.g. 1=127.0.0.1:7001,2=127.0.0.1:7002)");
        var data = p.Get("data") ?? throw new UsageException("--data is required");
        var peers = new Dictionary<ulong, IPEndPoint>();
        foreach (var part in peersText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !ulong.TryParse(part.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == 0)
                throw new UsageException($"--peers entry '{part}' must look like ID=HOST:PORT");
            if (!IPEndPoint.TryParse(part[(eq + 1)..], out var ep) || ep.Port == 0)
                throw new UsageException($"--peers entry '{part}' has a bad address (HOST:PORT with an IP address)");
            peers[pid] = ep;
        }
        if (!peers.TryGetValue(id, out var self)) throw new UsageException($"--peers does not contain this node's id {id}");
        var port = p.GetInt("port", self.Port);
        Directory.CreateDirectory(data);
        var options = new KvNodeHostOptions
        {
            Id = id,
            Peers = peers,
            Listen = new IPEndPoint(self.Address, port),
            DataDirectory = data,
            TickMs = p.GetInt("tick-ms", 20),
            ElectionTicks = p.GetInt("election-ticks", 10),
            Seed = p.GetInt("seed", Environment.ProcessId),
        };
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var host = new KvNodeHost(options);
        Console.WriteLine($"listening on {host.Port}");
        Console.Out.Flush();
        try
        {
            host.RunAsync(cts.Token).GetAwaiter().GetResult();
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }
}
