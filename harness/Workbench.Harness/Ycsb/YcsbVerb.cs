using System.Text.Json;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Harness.Results;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.Layers;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>`workbench ycsb load|run`: YCSB's core workload at the engine layer, with go-ycsb-style output.</summary>
internal sealed class YcsbVerb : IVerb
{
    public string Name => "ycsb";
    public string Summary => "YCSB core workloads (load / run) against one engine, go-ycsb-style output";

    public string Help => """
        usage: workbench ycsb load|run --workload FILE [-p key=value]... --engine NAME
                                       [--engine-option key=value]... [--threads 1] [--db DIR]
                                       [--load] [--seed 42] [--json FILE]
                                       [--layer engine|txn] [--async-commit on|off] [--1pc on|off]
        workbench ycsb load|run --workload FILE --layer sql --endpoint HOST:PORT [--engine innodb|rocksdb] ...
        workbench ycsb load|run --workload FILE --layer raft|txn --cluster CLUSTER.yaml [--engine NAME] ...
        workbench ycsb load|run --workload FILE --layer raft|txn --pd HOST:PORT ...

        Runs YCSB's CoreWorkload at the engine layer: one record = one key ("user" + FNV hash of
        the record number, as YCSB), its fields encoded into one value; update and
        read-modify-write read the record, replace a field and write it back (as go-ycsb's
        key-value bindings). Property files use YCSB's keys and defaults (workloads/ycsb/workloada…f).

          load                     insert recordcount records (YCSB's load phase)
          run                      run operationcount operations of the workload's mix
          --workload FILE          a YCSB property file
          -p key=value             override a property (repeatable; e.g. -p recordcount=100000)
          --engine NAME            engine to open (see `workbench engines`)
          --engine-option k=v      engine option, repeatable
          --threads N              client threads sharing the workload (default 1)
          --db DIR                 data directory; load and run in separate invocations need a
                                   persistent engine and the same --db (default: a temporary directory)
          --load                   with run: load first in the same process (for volatile engines)
          --seed N                 seed of the operation streams (default 42)
          --json FILE              write the phase results (fields of DESIGN.md §4) as JSON
          --layer engine|txn       engine: raw engine ops (default); txn: one Percolator transaction
                                   per operation, as go-ycsb's TiKV txn mode (CFs default/lock/write)
          --async-commit on|off    txn layer: async commit (default on, as TiDB)
          --1pc on|off             txn layer: one-phase commit (default on, as TiDB)
          --layer sql --endpoint HOST:PORT
                                   go-ycsb's SQL schema (usertable, FIELD0… TEXT) through MySqlConnector
                                   against a running MySQL server (ours: sql-server; MariaDB: ./run.sh
                                   mariadb start), user/database sbtest; load recreates the table with
                                   ENGINE=--engine (innodb default, rocksdb = MyRocks); client figures only
          --cluster FILE           run on a replicated in-process cluster from a cluster YAML
                                   (harness/clusters/inprocess3.yaml): PD and every store in this
                                   process; --engine (optional) replaces every node's engine.
                                   --layer raft: RawGet/RawPut/RawScan per operation (TiKV raw
                                   mode); --layer txn: one Percolator transaction per operation
                                   routed by region (TiKV txn mode). Device bytes and WA cover
                                   every store, with raft_log and snapshot among the categories.
          --pd HOST:PORT           the same layers against a running tcp cluster (`workbench cluster up
                                   harness/clusters/local3.yaml`; PD's address): client-side figures
                                   only, device bytes are the node processes' own
          --processes CLUSTER.yaml with --pd: also measure, per phase, the device bytes every PD, node
                                   and SQL process of that cluster wrote (/proc/<pid>/io, every
                                   node's engine flushed at both ends of the phase); their sum is
                                   the phase's device bytes, each in --json's process_device_bytes

        Prints, per operation: Takes(s), Count, OPS, Avg, Min, Max, 50th, 90th, 95th, 99th, 99.9th,
        99.99th (µs), then user/device bytes, WA and space amplification. At layer txn also the
        conflicts and retries (a conflicting operation runs again as a new transaction, at most 10
        times), the commit modes, and the bytes the txn layer wrote per CF.

        """;

    public int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // YCSB's -p key=value is single-dash; take those out before the GNU-style parser sees them.
        var rest = new List<string>();
        var overrides = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "-p")
            {
                if (i + 1 >= args.Count) throw new UsageException("-p needs key=value");
                overrides.Add(args[++i]);
            }
            else rest.Add(args[i]);
        }
        var p = new ArgParser()
            .Option("workload").Option("engine").Option("engine-option").Option("threads").Option("db")
            .Flag("load").Option("seed").Option("json").Option("layer").Option("async-commit").Option("1pc").Option("endpoint").Option("cluster").Option("pd").Option("processes")
            .Parse(rest);
        if (p.Positionals.Count != 1 || p.Positionals[0] is not ("load" or "run"))
            throw new UsageException("say which phase: workbench ycsb load|run ...");
        var phase = p.Positionals[0];
        var file = p.Get("workload") ?? throw new UsageException("--workload FILE is required (e.g. workloads/ycsb/workloada)");
        if (p.Get("layer") == "sql") return SqlYcsbCommand.Run(p, phase, file, overrides);
        var clusterFile = p.Get("cluster");
        var pdAddress = p.Get("pd");
        if (clusterFile is not null && pdAddress is not null) throw new UsageException("give --cluster FILE (an in-process cluster) or --pd HOST:PORT (a running tcp cluster), not both");
        var engineName = p.Get("engine") ?? (clusterFile is not null || pdAddress is not null ? null : throw new UsageException("--engine is required (see `workbench engines`)"));
        var threads = p.GetInt("threads", 1);
        if (threads < 1) throw new UsageException("--threads must be at least 1");
        var seed = p.GetInt("seed", 42);
        var layer = p.Get("layer") ?? "engine";
        if (layer is not ("engine" or "txn" or "raft")) throw new UsageException($"--layer must be engine, raft, txn or sql, not '{layer}'");
        if (clusterFile is not null && layer == "engine") throw new UsageException("--cluster needs --layer raft or txn");
        if (pdAddress is not null && layer == "engine") throw new UsageException("--pd needs --layer raft or txn");
        if (p.Get("processes") is not null && pdAddress is null) throw new UsageException("--processes CLUSTER.yaml goes with --pd HOST:PORT (the running cluster's processes)");
        if (pdAddress is not null && engineName is not null) throw new UsageException("--engine does not apply with --pd: the running cluster's nodes run the engines their config names");
        if (clusterFile is null && pdAddress is null && layer == "raft") throw new UsageException("--layer raft runs on a cluster: pass --cluster CLUSTER.yaml (e.g. harness/clusters/inprocess3.yaml) or --pd HOST:PORT");
        var asyncCommit = OnOff(p.Get("async-commit"), "--async-commit");
        var onePc = OnOff(p.Get("1pc"), "--1pc");

        YcsbProperties props;
        CoreWorkloadSettings settings;
        try
        {
            props = YcsbProperties.FromFile(file);
            foreach (var o in overrides) props.SetFromArgument(o);
            settings = CoreWorkloadSettings.From(props);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            throw new UsageException(e.Message);
        }
        if (pdAddress is not null)
        {
            try
            {
                return ClusterLayers.TcpClusterYcsb.Run(phase, p.Has("load"), file, settings, pdAddress, layer, threads, seed,
                    new Workbench.Txn.Client.TxnClientOptions { AsyncCommit = asyncCommit, OnePc = onePc, Seed = seed }, p.Get("json"), p.Get("processes"));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
        }
        var registry = EngineCatalog.Create();
        if (clusterFile is not null)
            return ClusterLayers.ClusterYcsb.Run(phase, p.Has("load"), file, settings, registry, clusterFile, layer,
                engineName is null ? null : new EngineConfig(engineName, p.GetKeyValues("engine-option")), p.Get("db"), threads, seed,
                new Workbench.Txn.Client.TxnClientOptions { AsyncCommit = asyncCommit, OnePc = onePc, Seed = seed }, p.Get("json"));
        var config = new EngineConfig(engineName!, p.GetKeyValues("engine-option"));
        registry.ValidateOptions(config);

        var temporary = p.Get("db") is null;
        var dir = p.Get("db") ?? Path.Combine(Path.GetTempPath(), $"workbench-ycsb-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var results = new List<PhaseResult>();
        try
        {
            var workload = new CoreWorkload(settings);
            using var txn = layer == "txn" ? TxnLayer.Open(registry, config, dir, new Workbench.Txn.Client.TxnClientOptions { AsyncCommit = asyncCommit, OnePc = onePc, Seed = seed }) : null;
            using var engine = txn is null ? registry.Open(config, dir, LocalFileSystem.Instance, [ColumnFamilyDescriptor.Default]) : null;
            var runner = txn is null
                ? new YcsbRunner(engine!, workload, threads, seed)
                : new YcsbRunner(txn.Engine, workload, threads, seed, r => new TxnYcsbWorker(txn.Client, workload, r));
            Console.WriteLine($"engine: {config}  layer: {layer}{(txn is null ? "" : $" (async commit {(asyncCommit ? "on" : "off")}, 1pc {(onePc ? "on" : "off")})")}  workload: {file}  records: {settings.RecordCount}  operations: {settings.OperationCount}  record size: {workload.RecordSize} bytes  threads: {threads}");
            if (phase == "load" || p.Has("load"))
            {
                var load = runner.Load();
                Console.Write(YcsbOutputFormatter.Format(load.Result));
                results.Add(load.Result);
                if (txn is not null) Console.Write(txn.DescribeAndReset(runner.LastWorkers, load.Result.UserBytesWritten));
            }
            if (phase == "run")
            {
                if (!p.Has("load") && IsEmpty(txn?.Engine ?? engine!, txn is null ? null : "write"))
                    throw new UsageException(temporary
                        ? "ycsb run without --load runs on an empty temporary store: pass --load, or load into a --db first (workbench ycsb load ... --db DIR)"
                        : $"the store in --db {dir} is empty: load it first (workbench ycsb load ... --db {dir}) or pass --load");
                var run = runner.Run();
                Console.Write(YcsbOutputFormatter.Format(run.Result));
                results.Add(run.Result);
                if (txn is not null) Console.Write(txn.DescribeAndReset(runner.LastWorkers, run.Result.UserBytesWritten));
                var reads = run.Result.Operations.TryGetValue("READ", out var r) ? r : null;
                if (reads is not null && reads.Count > 0 && reads.NotFound == reads.Count)
                    Console.Error.WriteLine("workbench ycsb: no read found its record — load first (same --db with a persistent engine, or pass --load)");
            }
        }
        finally
        {
            if (temporary && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        if (p.Get("json") is { } json)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(json));
            if (parent is not null) Directory.CreateDirectory(parent);
            File.WriteAllText(json, JsonSerializer.Serialize(results, ResultsStore.JsonOptions));
            Console.WriteLine($"results written to {json}");
        }
        return 0;
    }

    internal static bool OnOff(string? value, string flag) => value switch
    {
        null or "on" => true,
        "off" => false,
        _ => throw new UsageException($"{flag} must be on or off, not '{value}'"),
    };

    // A run phase on a store with no records measures only misses; say so instead of printing such numbers.
    // At the txn layer every committed record has a write-CF entry (short values live only there).
    private static bool IsEmpty(Workbench.Storage.Contract.IKvEngine engine, string? cfName)
    {
        var cf = engine.DefaultColumnFamily();
        if (cfName is not null)
            foreach (var c in engine.ColumnFamilies)
                if (c.Name == cfName) cf = c;
        using var it = engine.NewIterator(cf);
        it.SeekToFirst();
        return !it.Valid;
    }
}
