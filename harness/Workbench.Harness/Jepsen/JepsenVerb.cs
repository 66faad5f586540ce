using System.Globalization;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Jepsen;

/// <summary>
/// `workbench jepsen`: one Jepsen-style test (workloads/Workbench.Jepsen) — clients record a
/// history under a nemesis, faults heal, final reads run, checkers give verdicts; the history and
/// verdicts go to results/jepsen-&lt;timestamp&gt;/. Exit 0 when every checker says valid, 1 when
/// one says invalid or unknown (the seed and the replay command are printed), 2 for bad usage.
/// </summary>
internal sealed class JepsenVerb : IVerb
{
    public string Name => "jepsen";
    public string Summary => "Jepsen-style test: history under faults, checked (bank, register, set, append, long-fork; raw, txn or sql layer)";

    public string Help => """
        usage: workbench jepsen --workload W [--nemesis N[,N...]] [--time S] [--engine E]
                                [--layer raw|txn|sql] [--topology simulated|local|in-process|tcp] [--seed S]
                                [--interval MS] [--clients N] [--out DIR] [--blind-retry]
                                [--plain-reads] [--update-in-place]

        Runs --clients clients (default 5) for --time seconds (default 60) while the nemesis starts
        a fault every --interval ms (default 10000, as Jepsen) and stops it after the next; then
        heals everything, waits for the clients, does the final reads and checks the history.

        Workloads:
          register   independent keys, read/write (and cas on txn, sql); linearizable per key (Porcupine)
          set        unique inserts, a final read; lost / unexpected / recovered elements
          bank       8 accounts, total 100, transfers of 1-5 (txn, sql); every read totals 100, none negative
          append     Elle list append (txn, sql): G0, G1a, G1b, G1c, G-single invalid; G2 allowed (SI)
          long-fork  single-key inserts, group reads (txn, sql); reads must be ordered by inclusion

        Layers and topologies:
          --layer raw  --topology simulated (default for raw): RawClient on the simulated cluster
                       (5 stores, PD, one thread, virtual time); --time is virtual seconds; a seed
                       replays the run exactly. Nemeses: partition (one of the three below),
                       partition-one, partition-halves, partition-ring, kill, kill-pd, loss, delay,
                       leader, split.
          --layer txn  --topology local (default for txn): the Percolator client over TxnStorage on
                       one engine, real threads; seeded, but thread timing is not replayed exactly.
                       Nemeses: kill (engine crash: unsynced bytes lost; rocksdb: close and reopen),
                       pause, clock (TSO clock stepped by up to +-5 s).
          --layer txn  --topology tcp: PD and 3 node processes (`workbench pd` / `workbench node`,
                       as `cluster up` starts them) on 127.0.0.1 with free ports, from a generated
                       cluster YAML under a temporary directory (deleted afterwards; kept with
                       WORKBENCH_JEPSEN_KEEP=1); clients through TcpCluster.Connect and the
                       cluster's transactional service. Nemeses: kill (kill -9 of a node, then
                       restart), kill-pd (kill -9 of PD, then restart), pause (SIGSTOP/SIGCONT of a
                       node), partition / partition-one (a node's Raft traffic cut off from the
                       others through the nodes' FaultDropRaft test hook).
          --layer txn  --topology in-process: the same service on an in-process cluster of 3
                       stores; it has no fault hooks, so only --nemesis none.
          --layer sql  --topology in-process (default for sql): our SQL server (MySQL protocol) in
                       this process on a free 127.0.0.1 port over the in-process cluster; the clients
                       are MySqlConnector connections, one per client; only --nemesis none.
          --layer sql  --topology tcp: the tcp cluster above plus one `workbench sql-server` process
                       joining it (the TiDB role, from the YAML's sql: section). Nemeses: those of
                       txn/tcp, where kill draws its victim among the 3 nodes and the SQL server, and
                       kill-sql (kill -9 of the SQL server, restarted on the same port).
                       Schemas as Jepsen's TiDB suite: bank accounts(id, balance) with transfers
                       reading both rows SELECT ... FOR UPDATE (--plain-reads: plain SELECTs;
                       --update-in-place: SET balance = balance - ?), register registers(id, val)
                       with cas = UPDATE ... WHERE id = ? AND val = ? (affected rows), set
                       sets(id, value), append lists(id, val) by INSERT ... ON DUPLICATE KEY UPDATE
                       val = CONCAT(val, ',', ?), long-fork lf(id, val). Every operation is one
                       BEGIN ... COMMIT (optimistic: conflicts surface at COMMIT as 1213 = fail; a
                       connection lost or any other error at COMMIT = info).
          The txn and sql layers cannot run on the simulated topology (real threads and sockets;
          the simulation is single-threaded).

        --engine names an engine (default lsm; raw layer: engines on the workbench file system,
        e.g. lsm, titan, btree, memory). --seed defaults to a random one (printed). --out defaults
        to results/jepsen-<UTC timestamp>-<workload>/ (history.jsonl, verdicts.json; format in
        workloads/Workbench.Jepsen/FORMAT.md). --blind-retry runs the deliberately broken client
        that re-commits a conflicting transaction's writes without reading again (TiDB 2.1's
        automatic retry; on sql: a COMMIT refused with 1213 is followed by a new transaction
        re-running only the UPDATE/INSERT statements), to show the checkers catch it.

        """;

    /// <summary>How to run this program again as a child process: the dotnet host and our dll, or our own executable.</summary>
    internal static string[] WorkbenchCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(JepsenVerb).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, dll] : [host];
    }

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("workload").Option("nemesis").Option("time").Option("engine").Option("layer").Option("topology")
            .Option("seed").Option("interval").Option("clients").Option("out").Flag("blind-retry").Flag("plain-reads").Flag("update-in-place").Parse(args);
        if (p.Positionals.Count > 0) throw new UsageException($"unexpected argument '{p.Positionals[0]}'");
        var workload = p.Get("workload") ?? throw new UsageException("--workload is required (register, set, bank, append, long-fork)");
        var layer = p.Get("layer", "txn");
        var topology = p.Get("topology", layer switch { "raw" => "simulated", "sql" => "in-process", _ => "local" });
        var seed = p.Has("seed") ? p.GetInt("seed", 0) : Random.Shared.Next(1, int.MaxValue);
        var out_ = p.Get("out") ?? Path.Combine(Results.RepositoryRoot.Find() ?? ".", "results",
            $"jepsen-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{workload}");
        JepsenOptions options;
        try
        {
            options = new JepsenOptions
            {
                Workload = workload,
                Nemeses = NemesisNames.Parse(p.Get("nemesis", "none")),
                TimeSeconds = p.GetDouble("time", 60),
                NemesisIntervalMs = p.GetInt("interval", 10_000),
                Engine = new EngineConfig(p.Get("engine", "lsm")),
                Registry = EngineCatalog.Create(),
                Layer = layer,
                Topology = topology,
                Seed = seed,
                Clients = p.GetInt("clients", 5),
                OutputDirectory = out_,
                BlindRetry = p.Has("blind-retry"),
                PlainReads = p.Has("plain-reads"),
                UpdateInPlace = p.Has("update-in-place"),
                WorkbenchCommand = WorkbenchCommand(),
            };
            JepsenRunner.Validate(options);
        }
        catch (JepsenConfigException e)
        {
            throw new UsageException(e.Message);
        }
        Console.Out.WriteLine($"jepsen: {workload} on {options.Engine.Name}, layer {layer}, topology {topology}, nemesis {options.NemesisList}, {options.TimeSeconds.ToString(CultureInfo.InvariantCulture)} s, seed {seed}{(options.BlindRetry ? " (broken blind-retry client)" : "")}");
        JepsenResult r;
        try
        {
            r = JepsenRunner.Run(options);
        }
        catch (JepsenConfigException e)
        {
            throw new UsageException(e.Message);
        }
        catch (JepsenSetupException e)
        {
            // no history, so no verdict: say what did not start and where its log is
            Console.Error.WriteLine($"workbench jepsen: the {topology} cluster could not be set up: {e.Message}");
            return 1;
        }
        Console.Out.WriteLine($"{r.Operations} operations, {r.History.Count} events");
        foreach (var n in r.Notes) Console.Out.WriteLine("  " + n);
        foreach (var v in r.Verdicts) Console.Out.WriteLine(v.ToString());
        foreach (var f in r.Files) Console.Out.WriteLine("wrote " + f);
        if (r.Valid) return 0;
        Console.Out.WriteLine($"{(r.AnyInvalid ? "INVALID" : "UNKNOWN")} at seed {seed}; replay: workbench jepsen {r.Replay}{(options.BlindRetry ? " --blind-retry" : "")}" +
                              (options.Topology == "simulated" ? "" : " (txn and sql runs are seeded but not replayed exactly: real threads)"));
        return 1;
    }
}
