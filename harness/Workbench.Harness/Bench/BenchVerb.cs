using System.Text.Json;
using Spectre.Console;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Bench;

/// <summary>`workbench bench`: db_bench-style engine benchmarks through the engine contract.</summary>
internal sealed class BenchVerb : IVerb
{
    public string Name => "bench";
    public string Summary => "db_bench-style engine benchmarks (fillrandom, overwrite, readrandom, ...) with WA and latency";

    public string Help => $"""
        usage: workbench bench --engine NAME [--engine-option key=value]... [--benchmarks LIST]
                               [--num N] [--reads N] [--key-size 16] [--value-size 100] [--threads 1]
                               [--batch-size 1] [--sync] [--seek-nexts 100] [--compression-ratio 1]
                               [--compression-type none|snappy|lz4|zstd]
                               [--db DIR] [--use-existing-db]
                               [--wait-for-compaction on|off] [--compaction-wait-seconds 300]
                               [--equal-settings on|off]
                               [--layer engine|txn] [--async-commit on|off] [--1pc on|off]
                               [--seed 301] [--json FILE] [--no-progress] [--slow-ops N]
                               [--warmup-reads 1000]

        Runs db_bench's benchmarks against one engine, through the same interface every engine
        implements, and prints one db_bench-like line per benchmark plus latency percentiles,
        write amplification and space amplification.

          --engine NAME            engine to open (see `workbench engines`)
          --engine-option k=v      an engine option, repeatable (names as in `workbench engines NAME`)
          --benchmarks LIST        comma-separated, run in order (default fillrandom,readrandom):
                                   {string.Join(", ", BenchmarkNames.All)}
                                   fill benchmarks start from an empty database; the others use it as left.
          --num N                  key space and write operations (default 1000000; K/M suffixes allowed;
                                   at most 2^33)
          --reads N                read operations (default = num)
          --key-size, --value-size bytes (defaults 16 and 100, as db_bench)
          --threads N              worker threads; a benchmark's operations are split across them
          --batch-size N           operations per write batch
          --sync                   sync every write (survives machine crash)
          --seek-nexts N           Next calls after each Seek in seekrandom (default 100)
          --compression-ratio R    values compress to about R of their size (db_bench's flag, its
                                   CompressibleString pieces); default 1 = random bytes (db_bench: 0.5)
          --compression-type C     block codec on every level (db_bench's flag): sets the engine option
                                   compression=C (lsm, titan, rocksdb, rocksdb-blob); default: the
                                   engine's own (none for all of ours; db_bench: snappy)
          --db DIR                 data directory (default: a temporary directory, deleted afterwards);
                                   fill benchmarks first remove the engine's own files from it (as
                                   db_bench's DestroyDB) and refuse a DIR holding anything else
          --use-existing-db        keep what DIR holds: fill benchmarks write into it instead of starting empty
          --wait-for-compaction on|off
                                   after each write benchmark wait until the engine has no flush or
                                   compaction pending (db_bench's waitforcompaction, run automatically;
                                   default on): the bytes count in the benchmark that caused them,
                                   outside its timed region; the named benchmark waitforcompaction
                                   waits once, where it is listed
          --compaction-wait-seconds S
                                   bound of one wait (default 300); a wait cut short says so and prints
                                   the engine's pending-compaction-bytes estimate
          --equal-settings on|off  open every engine with the same {string.Join(", ", EqualSettings.Values.Select(v => $"{v.Name}={v.Value}"))}
                                   where it has the option and --engine-option does not set it
                                   (default on), so ratios compare engines, not configurations; the
                                   resolved values are printed under the engine line
          --layer engine|txn       engine: raw engine ops (default); txn: one Percolator transaction per
                                   operation as go-ycsb's txn mode (write = begin, set, commit; read =
                                   begin, get, commit; seekrandom = begin, scan of seek-nexts keys,
                                   commit); runs {string.Join(", ", BenchRunner.TxnBenchmarks)} only,
                                   in a temporary or an empty --db directory, and prints the bytes the
                                   txn layer wrote per CF
          --async-commit on|off    txn layer: async commit (default on, as TiDB)
          --1pc on|off             txn layer: one-phase commit (default on, as TiDB)
          --seed N                 base seed of the key generators (default 301); each benchmark and
                                   thread derives its own from it, so runs with one seed are repeatable
          --json FILE              write the results as a JSON array (fields of DESIGN.md §4)
          --no-progress            no progress bar (also off when output is redirected)
          --warmup-reads N         untimed lookups before readrandom and readwhilewriting (default 1000;
                                   engine layer), outside every window, so the JIT of a managed
                                   engine's first gets is not the phase's max; every engine gets them
          --slow-ops N             print (and put in --json as slow_ops) the N slowest operations of each
                                   fill/overwrite/readrandom/readwhilewriting benchmark (engine layer):
                                   when each started, and the GC collections and pause, the JIT work of
                                   its thread and the lock contentions across it (default 0 = off)

        Measures: ops/sec and per-second series; per-operation latency (log-linear histogram, 3
        significant digits); user bytes = Σ(key+value) written; device bytes = growth of write_bytes
        in /proc/self/io over the benchmark after the engine is flushed and its compactions have
        settled (neither timed);
        WA = device / user; the engine's own bytes by category; space amp = engine files / live bytes.

        """;

    public int Run(IReadOnlyList<string> args)
    {
        try
        {
            return RunBench(args);
        }
        catch (BenchOptionsException e)
        {
            // The workload names the flag; for the command line that is a usage error (exit 2).
            throw new UsageException(e.Message, e);
        }
    }

    private static int RunBench(IReadOnlyList<string> args)
    {
        var p = new ArgParser()
            .Option("engine").Option("engine-option").Option("benchmarks").Option("num").Option("reads")
            .Option("key-size").Option("value-size").Option("threads").Option("batch-size").Flag("sync")
            .Option("seek-nexts").Option("compression-ratio").Option("compression-type").Option("db").Flag("use-existing-db").Option("seed").Option("json").Flag("no-progress")
            .Option("layer").Option("async-commit").Option("1pc").Option("wait-for-compaction").Option("compaction-wait-seconds").Option("equal-settings").Option("slow-ops").Option("warmup-reads")
            .Parse(args);
        if (p.Positionals.Count > 0) throw new UsageException($"unexpected argument '{p.Positionals[0]}'");
        var engineName = p.Get("engine") ?? throw new UsageException("--engine is required (see `workbench engines`)");
        var layer = p.Get("layer") ?? "engine";
        if (layer is not ("engine" or "txn")) throw new UsageException($"--layer must be engine or txn, not '{layer}'");
        if (layer == "engine" && (p.Get("async-commit") is not null || p.Get("1pc") is not null))
            throw new UsageException("--async-commit and --1pc apply to --layer txn only");
        var options = new BenchOptions
        {
            TxnLayer = layer == "txn",
            AsyncCommit = Ycsb.YcsbVerb.OnOff(p.Get("async-commit"), "--async-commit"),
            OnePc = Ycsb.YcsbVerb.OnOff(p.Get("1pc"), "--1pc"),
            Engine = new EngineConfig(engineName, CompressionTypeFlag.Apply(p.GetKeyValues("engine-option"), p.Get("compression-type"), engineName)),
            Benchmarks = p.Get("benchmarks", "fillrandom,readrandom").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Num = p.GetLong("num", 1_000_000),
            Reads = p.GetLong("reads", -1),
            KeySize = p.GetInt("key-size", 16),
            ValueSize = p.GetInt("value-size", 100),
            Threads = p.GetInt("threads", 1),
            BatchSize = p.GetInt("batch-size", 1),
            Sync = p.Has("sync"),
            SeekNexts = p.GetInt("seek-nexts", 100),
            CompressionRatio = p.GetDouble("compression-ratio", 1.0),
            Db = p.Get("db"),
            UseExistingDb = p.Has("use-existing-db"),
            EqualSettings = Ycsb.YcsbVerb.OnOff(p.Get("equal-settings"), "--equal-settings"),
            WaitForCompaction = Ycsb.YcsbVerb.OnOff(p.Get("wait-for-compaction"), "--wait-for-compaction"),
            CompactionWaitBound = TimeSpan.FromSeconds(CompactionWaitSeconds(p.GetDouble("compaction-wait-seconds", 300))),
            Seed = p.GetInt("seed", 301),
            JsonPath = p.Get("json"),
            SlowOps = p.GetInt("slow-ops", 0),
            WarmupReads = p.GetInt("warmup-reads", 1000),
            ShowProgress = !p.Has("no-progress") && !Console.IsOutputRedirected,
        };
        foreach (var b in options.Benchmarks)
            if (!BenchmarkNames.TryParse(b, out _)) throw new UsageException($"unknown benchmark '{b}'; known: {string.Join(", ", BenchmarkNames.All)}");

        var registry = EngineCatalog.Create();
        registry.ValidateOptions(options.Engine); // fail on a bad engine or option before printing anything
        var runner = new BenchRunner(options, registry);
        var layerText = options.TxnLayer ? $"  layer: txn (async commit {(options.AsyncCommit ? "on" : "off")}, 1pc {(options.OnePc ? "on" : "off")})" : "";
        Console.WriteLine($"engine: {options.Engine}{layerText}  keys: {options.KeySize} bytes  values: {options.ValueSize} bytes  num: {options.Num}  threads: {options.Threads}  sync: {options.Sync}");
        Console.WriteLine(SettingsLine(options, registry.GetFactory(options.Engine.Name)));
        var results = Run(runner, options.ShowProgress);
        if (options.JsonPath is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(options.JsonPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(results, JsonOptions));
            Console.WriteLine($"results written to {options.JsonPath}");
        }
        return 0;
    }

    /// <summary>The shared settings as the engine resolves them, and the compaction wait, under the engine line.</summary>
    internal static string SettingsLine(BenchOptions options, IEngineFactory factory)
    {
        var config = options.EqualSettings ? EqualSettings.Apply(options.Engine, factory) : options.Engine;
        var resolved = EqualSettings.Resolved(config, factory);
        var settings = resolved.Count == 0 ? "none of " + string.Join(", ", EqualSettings.Values.Select(v => v.Name)) : string.Join("  ", resolved.Select(r => $"{r.Name}={r.Value}"));
        var wait = options.WaitForCompaction ? $"after each write benchmark, at most {options.CompactionWaitBound.TotalSeconds:F0} s" : "off";
        return $"settings: {settings}  (equal settings {(options.EqualSettings ? "on" : "off")})  compaction wait: {wait}";
    }

    private static double CompactionWaitSeconds(double seconds) =>
        seconds is >= 0 and <= 86_400 ? seconds : throw new UsageException($"--compaction-wait-seconds must be in [0, 86400], got {seconds}");

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static IReadOnlyList<BenchResult> Run(BenchRunner runner, bool showProgress)
    {
        void Print(BenchResult r) => Console.Write(BenchReportFormatter.Format(r));
        if (!showProgress) return runner.Run(Print);

        IReadOnlyList<BenchResult> results = [];
        Exception? failure = null;
        var printed = new List<BenchResult>();
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting");
                var worker = new Thread(() =>
                {
                    try
                    {
                        results = runner.Run(r =>
                        {
                            lock (printed) printed.Add(r);
                        });
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                }) { IsBackground = true, Name = "bench-runner" };
                worker.Start();
                // Poll the runner's counters; the live display cannot be written to from the workers.
                while (!worker.Join(200))
                {
                    var pr = runner.Progress;
                    int done;
                    lock (printed) done = printed.Count;
                    task.Description = $"[{done + 1}/{runner.BenchmarkCount}] {pr.Current}";
                    task.MaxValue = Math.Max(1, pr.Total);
                    task.Value = pr.Completed;
                }
            });
        foreach (var r in printed) Print(r);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return results;
    }
}
