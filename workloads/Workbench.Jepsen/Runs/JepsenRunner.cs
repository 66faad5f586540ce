using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.History;
using Workbench.Jepsen.InProcess;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Simulated;
using Workbench.Jepsen.Sql;
using Workbench.Jepsen.Tcp;
using Workbench.Jepsen.Txn;

namespace Workbench.Jepsen.Runs;

/// <summary>
/// Runs one Jepsen test: picks the target from layer and topology (raw + simulated; txn + local,
/// in-process or tcp; sql + in-process or tcp),
/// runs the workload under the nemesis, checks the history and writes <c>history.jsonl</c> and
/// <c>verdicts.json</c> (FORMAT.md) into the output directory. Unavailable combinations are a
/// <see cref="JepsenConfigException"/> naming what exists.
/// </summary>
public static class JepsenRunner
{
    /// <summary>Validates <paramref name="options"/>, runs the clients and the nemesis against the target, checks the history and writes the files; returns the result.</summary>
    public static JepsenResult Run(JepsenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        List<HistoryEvent> history;
        IHistoryChecker checker;
        IReadOnlyList<string> notes;
        string? failure = null;
        if (options.Layer == "raw")
        {
            var run = new SimulatedRawRun(options);
            history = run.Run();
            checker = options.Workload == "register" ? new RegisterChecker() : new SetChecker();
            notes = run.Notes;
            failure = run.Failure;
        }
        else if (options.Layer == "sql")
        {
            var workload = ISqlWorkload.Create(options);
            using var target = CreateSqlTarget(options);
            var run = new SqlRun(options, target);
            try
            {
                history = run.Run(workload);
            }
            catch (Exception e) when (target is TcpSqlTarget tcp && e is not JepsenConfigException)
            {
                throw new InvalidOperationException($"{e.Message}\n{tcp.Cluster.Logs()}", e);
            }
            checker = workload.Checker;
            notes = run.Notes;
            if (target is InProcessSqlTarget inProcess) run.Notes.Add($"in-process cluster: {inProcess.Regions} regions at the end");
        }
        else
        {
            var workload = ITxnWorkload.Create(options.Workload);
            using var target = CreateTxnTarget(options);
            var run = new TxnRun(options, target);
            try
            {
                history = run.Run(workload);
            }
            catch (Exception e) when (target is TcpTxnTarget tcp && e is not JepsenConfigException)
            {
                // What the processes said is the useful part of a failure here.
                throw new InvalidOperationException($"{e.Message}\n{tcp.Cluster.Logs()}", e);
            }
            checker = workload.Checker;
            notes = run.Notes;
            if (target is InProcessTxnTarget inProcess) run.Notes.Add($"in-process cluster: {inProcess.Regions} regions at the end");
        }
        var verdicts = new List<CheckerVerdict> { checker.Check(history) };
        if (failure is not null) verdicts.Add(new CheckerVerdict("stack", VerdictKind.Invalid, failure, 0, new Dictionary<string, long>()));
        var files = new List<string>();
        var result = new JepsenResult(options, history, verdicts, notes, files);
        if (options.OutputDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            var h = Path.Combine(dir, "history.jsonl");
            HistoryFile.Write(h, history);
            files.Add(h);
            var v = Path.Combine(dir, "verdicts.json");
            File.WriteAllText(v, VerdictsJson(result));
            files.Add(v);
        }
        return result;
    }

    private static ITxnTarget CreateTxnTarget(JepsenOptions o) => o.Topology switch
    {
        "tcp" => new TcpTxnTarget(o.WorkbenchCommand!, o.Engine, o.Seed),
        "in-process" => new InProcessTxnTarget(o.Registry, o.Engine, o.Seed),
        _ => new LocalEngineTxnTarget(o.Registry, o.Engine, o.DataDirectory),
    };

    private static ISqlTarget CreateSqlTarget(JepsenOptions o) => o.Topology switch
    {
        "tcp" => new TcpSqlTarget(o.WorkbenchCommand!, o.Engine, o.Seed),
        _ => new InProcessSqlTarget(o.Registry, o.Engine, o.Seed),
    };

    /// <summary>Throws <see cref="JepsenConfigException"/> naming the first bad choice (non-positive time or clients, a workload the layer lacks, an unknown topology, a nemesis the target cannot inject).</summary>
    public static void Validate(JepsenOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.TimeSeconds <= 0) throw new JepsenConfigException($"--time must be positive, got {o.TimeSeconds.ToString(CultureInfo.InvariantCulture)}");
        if (o.Clients < 1) throw new JepsenConfigException("at least one client is needed");
        if (o.NemesisIntervalMs < 1) throw new JepsenConfigException("the nemesis interval must be positive");
        o.Registry.GetFactory(o.Engine.Name); // an unknown engine is an EngineConfigException listing the known ones
        switch (o.Layer)
        {
            case "raw":
                if (o.Topology != "simulated") throw new JepsenConfigException($"layer raw runs on topology simulated, not '{o.Topology}' (on in-process and tcp the workloads run over the cluster's transactions: --layer txn)");
                if (!o.Registry.GetFactory(o.Engine.Name).Capabilities.HasFlag(Storage.Contract.EngineCapabilities.UsesFileSystem))
                    throw new JepsenConfigException($"engine '{o.Engine.Name}' does its own file IO, so it cannot live on the simulated topology's crashable disk; use an engine on the workbench file system (lsm, titan, btree, memory) or --layer txn");
                if (!JepsenOptions.RawWorkloads.Contains(o.Workload)) throw new JepsenConfigException($"workload '{o.Workload}' is not a raw-layer workload; raw: {string.Join(", ", JepsenOptions.RawWorkloads)} (the others need transactions: --layer txn)");
                foreach (var n in o.Nemeses)
                    if (!SimulatedRawRun.Supported.Contains(n)) throw new JepsenConfigException($"nemesis '{NemesisNames.Name(n)}' is not available on the simulated raw target; it has {string.Join(", ", SimulatedRawRun.Supported.Select(NemesisNames.Name))}");
                break;
            case "txn":
                if (o.Topology == "simulated") throw new JepsenConfigException("layer txn cannot run on topology simulated: the transaction client is synchronous and the simulated cluster runs on one thread in virtual time; use --topology local");
                if (o.Topology is not ("local" or "in-process" or "tcp")) throw new JepsenConfigException($"unknown topology '{o.Topology}'; known: simulated, local, in-process, tcp");
                if (o.Topology == "tcp" && (o.WorkbenchCommand is null || o.WorkbenchCommand.Count == 0))
                    throw new JepsenConfigException("topology tcp starts `workbench pd` and `workbench node` processes and needs the command that runs workbench");
                var supported = o.Topology switch
                {
                    "tcp" => TcpTxnTarget.Supported,
                    "in-process" => [],
                    _ => LocalEngineTxnTarget.Supported,
                };
                foreach (var n in o.Nemeses)
                    if (!supported.Contains(n))
                        throw new JepsenConfigException($"nemesis '{NemesisNames.Name(n)}' is not available on layer txn, topology {o.Topology}; it has {(supported.Length == 0 ? "none (no fault hooks in the in-process cluster: use --topology tcp)" : string.Join(", ", supported.Select(NemesisNames.Name)))}");
                if (!JepsenOptions.TxnWorkloads.Contains(o.Workload)) throw new JepsenConfigException($"unknown workload '{o.Workload}'; txn: {string.Join(", ", JepsenOptions.TxnWorkloads)}");
                break;
            case "sql":
                if (o.Topology == "simulated") throw new JepsenConfigException("layer sql cannot run on topology simulated: its clients are MySQL connections over real sockets to a server on real threads, which the single-threaded virtual-time simulation cannot schedule; use --topology in-process (no faults) or tcp (real processes, faults)");
                if (o.Topology is not ("in-process" or "tcp")) throw new JepsenConfigException($"layer sql runs on topology in-process or tcp, not '{o.Topology}'");
                if (o.Topology == "tcp" && (o.WorkbenchCommand is null || o.WorkbenchCommand.Count == 0))
                    throw new JepsenConfigException("topology tcp starts `workbench pd`, `workbench node` and `workbench sql-server` processes and needs the command that runs workbench");
                var sqlSupported = o.Topology == "tcp" ? TcpSqlTarget.Supported : [];
                foreach (var n in o.Nemeses)
                    if (!sqlSupported.Contains(n))
                        throw new JepsenConfigException($"nemesis '{NemesisNames.Name(n)}' is not available on layer sql, topology {o.Topology}; it has {(sqlSupported.Length == 0 ? "none (no fault hooks in the in-process cluster: use --topology tcp)" : string.Join(", ", sqlSupported.Select(NemesisNames.Name)))}");
                if (!JepsenOptions.SqlWorkloads.Contains(o.Workload)) throw new JepsenConfigException($"unknown workload '{o.Workload}'; sql: {string.Join(", ", JepsenOptions.SqlWorkloads)}");
                break;
            default:
                throw new JepsenConfigException($"unknown layer '{o.Layer}'; known: raw, txn, sql");
        }
    }

    /// <summary>The verdicts and run parameters as the verdicts.json text.</summary>
    public static string VerdictsJson(JepsenResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var o = r.Options;
        var checkers = new JsonArray();
        foreach (var v in r.Verdicts)
        {
            var counts = new JsonObject();
            foreach (var (k, n) in v.Counts) counts[k] = n;
            checkers.Add(new JsonObject
            {
                ["checker"] = v.Checker,
                ["valid"] = CheckerVerdict.Name(v.Verdict),
                ["operations_checked"] = v.OperationsChecked,
                ["detail"] = v.Detail,
                ["counts"] = counts,
            });
        }
        var notes = new JsonArray();
        foreach (var n in r.Notes) notes.Add(n);
        var root = new JsonObject
        {
            ["workload"] = o.Workload,
            ["nemesis"] = o.NemesisList,
            ["time_s"] = o.TimeSeconds,
            ["nemesis_interval_ms"] = o.NemesisIntervalMs,
            ["engine"] = o.Engine.Name,
            ["layer"] = o.Layer,
            ["topology"] = o.Topology,
            ["seed"] = o.Seed,
            ["clients"] = o.Clients,
            ["blind_retry"] = o.BlindRetry,
            ["plain_reads"] = o.PlainReads,
            ["update_in_place"] = o.UpdateInPlace,
            ["operations"] = r.Operations,
            ["events"] = r.History.Count,
            ["valid"] = r.Valid ? "valid" : r.AnyInvalid ? "invalid" : "unknown",
            ["checkers"] = checkers,
            ["notes"] = notes,
            ["replay"] = r.Replay,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
