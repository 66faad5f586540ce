using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Cluster.Topology;
using Workbench.Harness.ClusterLayers;
using Workbench.Harness.ClusterProcess;
using Workbench.Harness.Results;
using Workbench.Harness.Sysbench;
using Workbench.Harness.Ycsb;
using Workbench.Txn.Client;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Cells on real processes (`transport: tcp` or `topology: FILE`; <see cref="TcpClusterCells"/>):
/// YCSB at layer raft or txn through the raw or transactional client `ycsb --pd` uses, and at
/// layer sql sysbench (the real binary) or SQL-YCSB against the cluster's SQL server process. Each
/// phase's device bytes are every process's /proc/&lt;pid&gt;/io write_bytes difference after every
/// node flushed its engine (process_device_bytes, summed into device_bytes_written), explained by
/// the nodes' ReadAttribution counters (attribution, layer_bytes below sql) and, at layer sql, the
/// SQL server's own counters (SHOW STATUS LIKE 'Workbench_sql%': the sql layer's bytes).
/// </summary>
internal sealed partial class CellExecutor
{
    private List<PhaseResult> RunTcp(MatrixCell cell, string layer, string dir, CancellationToken cancel, out string? stats)
    {
        using var running = TcpClusterCells.Start(registry, cell, Topology!, layer, dir, cancel);
        var (cluster, device, processes) = TcpClusterCells.Connect(running);
        using (cluster)
        {
            var lines = new StringBuilder(TcpClusterCells.Describe(running, processes));
            List<PhaseResult> phases;
            if (layer == "sql")
            {
                var target = new SysbenchTarget("127.0.0.1", running.SqlPort!.Value, "sbtest", "sbtest", "sbtest");
                phases = cell.Workload.Kind == WorkloadKind.Sysbench
                    ? RunTcpSysbench(cell, target, device, cancel, lines)
                    : RunTcpSqlYcsb(cell, target, device, cancel, lines);
            }
            else phases = RunTcpYcsb(cell, layer, cluster, device, cancel, lines);
            stats = lines.ToString();
            return phases;
        }
    }

    private List<PhaseResult> RunTcpYcsb(MatrixCell cell, string layer, Workbench.Cluster.Net.TcpCluster cluster, TcpClusterDeviceBytes device, CancellationToken cancel, StringBuilder lines)
    {
        var raw = layer == "raft" ? cluster.NewRawClient(cell.Seed) : null;
        using var txn = layer == "txn" ? ClusterTxn.NewClient(cluster.PdRpc, cluster.StoreRpc, new TxnClientOptions { Seed = cell.Seed }, null, cell.Seed) : null;
        var workload = new CoreWorkload(YcsbSettings(cell));
        var runner = new YcsbRunner(null, workload, cell.Threads, cell.Seed,
            r => raw is not null ? new RawYcsbWorker(raw, workload, r) : new TxnYcsbWorker(txn!, workload, r)) { ExternalDevice = device };
        _progress = runner.Progress;
        var load = runner.Load(cancel);
        lines.AppendLine("load: " + runner.LastExternal?.Line);
        var run = runner.Run(cancel);
        lines.AppendLine("run: " + runner.LastExternal?.Line);
        return [load.Result, run.Result];
    }

    private List<PhaseResult> RunTcpSqlYcsb(MatrixCell cell, SysbenchTarget target, TcpClusterDeviceBytes device, CancellationToken cancel, StringBuilder lines)
    {
        var settings = YcsbSettings(cell);
        var workload = new CoreWorkload(settings);
        var connection = SqlYcsbSchema.ConnectionString(target.Host, target.Port, target.User, target.Password, target.Database);
        SqlYcsbSchema.Recreate(connection, settings.FieldCount, target.StorageEngine);
        var runner = new YcsbRunner(null, workload, cell.Threads, cell.Seed, r => new SqlYcsbWorker(connection, workload, r)) { ExternalDevice = device };
        _progress = runner.Progress;
        var phases = new List<PhaseResult>();
        foreach (var load in new[] { true, false })
        {
            var before = SqlStatus(target);
            var m = load ? runner.Load(cancel) : runner.Run(cancel);
            var p = m.Result;
            var layers = Layers(SqlStatus(target), before, p.LayerBytes);
            var measured = new LayerMeasure(layers, p.DeviceBytesWritten, EngineBytes(p.Attribution));
            lines.AppendLine(CultureInfo.InvariantCulture, $"SQL-YCSB {p.Phase}: {p.Ops} operations, workload bytes (key + fields) {p.UserBytesWritten}");
            lines.Append(LayerLine(p.Phase, measured));
            lines.AppendLine(p.Phase + ": " + runner.LastExternal?.Line);
            phases.Add(WithLayers(p, measured, runner.LiveBytes));
        }
        try { SqlYcsbSchema.Drop(connection); }
        catch (MySqlConnector.MySqlException) { /* the cluster goes with the cell */ }
        return phases;
    }

    private static List<PhaseResult> RunTcpSysbench(MatrixCell cell, SysbenchTarget target, TcpClusterDeviceBytes device, CancellationToken cancel, StringBuilder lines)
    {
        var settings = cell.Workload.Sysbench!;
        var binary = SysbenchProcess.FindBinary() ?? throw new InvalidOperationException("sysbench is not installed (Debian package sysbench; ./run.sh installs it)");
        var sysbench = new SysbenchProcess(binary, target, settings);
        var rows = (long)settings.Tables * settings.TableSize;
        var prepare = MeasureTcp(target, device, () => sysbench.Prepare(cancel), out var prepareSeconds, out var prepareExt);
        var live = prepare.Layers.Sql;
        var output = "";
        var run = MeasureTcp(target, device, () => output = sysbench.Run(cancel), out var runSeconds, out var runExt);
        var report = SysbenchOutputParser.Parse(output);
        sysbench.Cleanup(cancel);
        var prepareResult = WithProcesses(SqlPhase("prepare", rows, prepareSeconds, 0, prepare, [], [], [], live, null), prepareExt);
        var histogram = HistogramOf(report);
        var op = histogram is null ? Summary(report) : WithSummary(OperationLatency.From(histogram), report);
        var figures = FiguresOf(settings, sysbench.RunCommandLine(), report, op);
        var runResult = WithProcesses(SqlPhase("run", report.Transactions, double.IsFinite(report.TotalSeconds) ? report.TotalSeconds : runSeconds, report.TransactionsPerSec,
            run, new Dictionary<string, OperationLatency> { ["TRANSACTION"] = op }, Micros(op), [.. report.IntervalTps], live, figures), runExt);
        lines.AppendLine(CultureInfo.InvariantCulture, $"SYSBENCH - {settings.Test}: {report.Transactions} transactions ({report.TransactionsPerSec:F2}/s), {report.Queries} queries ({report.QueriesPerSec:F2}/s), ignored errors {report.IgnoredErrors}, reconnects {report.Reconnects}");
        lines.AppendLine("SYSBENCH - " + sysbench.RunCommandLine());
        lines.Append(LayerLine("prepare", prepare)).AppendLine("prepare: " + prepareExt.Line);
        lines.Append(LayerLine("run", run)).AppendLine("run: " + runExt.Line);
        return [prepareResult, runResult];
    }

    /// <summary>Runs <paramref name="work"/> between the processes' two device readings (flushed, with attribution) and the SQL server's counters.</summary>
    private static LayerMeasure MeasureTcp(SysbenchTarget target, TcpClusterDeviceBytes device, Action work, out double seconds, out ExternalDeviceReading external)
    {
        var before = SqlStatus(target);
        device.Begin();
        var clock = Stopwatch.StartNew();
        work();
        seconds = clock.Elapsed.TotalSeconds;
        external = device.End();
        var below = external.Layers is { } l ? new Dictionary<string, long>(l) : new Dictionary<string, long>();
        var layers = Layers(SqlStatus(target), before, below);
        var attributed = external.Attribution is { } a ? new Dictionary<string, long>(a) : null;
        return new LayerMeasure(layers, external.Total, attributed is null ? 0 : EngineBytes(attributed), null, attributed, below);
    }

    /// <summary>A sysbench phase on processes: the device bytes are theirs (per process), and a missing attribution says why.</summary>
    private static PhaseResult WithProcesses(PhaseResult p, ExternalDeviceReading external)
    {
        foreach (var (role, b) in external.PerProcess) p.ProcessDeviceBytes[role] = b;
        if (external.Attribution is null) p.ExplainedShareNote = external.AttributionNote ?? "attribution unavailable";
        return p;
    }

    /// <summary>The sql layer's bytes from the server's own counters, the txn layer's from the nodes' (what their leaders proposed).</summary>
    private static LayerBytes Layers((long Rows, long Index) after, (long Rows, long Index) before, IReadOnlyDictionary<string, long> below) =>
        new(after.Rows - before.Rows, after.Index - before.Index,
            below.GetValueOrDefault("txn_default"), below.GetValueOrDefault("txn_lock"), below.GetValueOrDefault("txn_write"));

    /// <summary>The engine layer's device bytes of an attribution (its engine.* causes), the tcp stand-in for engine_io.</summary>
    private static long EngineBytes(IReadOnlyDictionary<string, long> attribution)
    {
        long sum = 0;
        foreach (var (k, v) in attribution)
            if (k.StartsWith("engine.", StringComparison.Ordinal)) sum += v;
        return sum;
    }

    /// <summary>The SQL server process's Workbench_sql_row_bytes and _index_bytes (SHOW STATUS), monotonic since it started.</summary>
    private static (long Rows, long Index) SqlStatus(SysbenchTarget target)
    {
        using var c = new MySqlConnector.MySqlConnection(SqlYcsbSchema.ConnectionString(target.Host, target.Port, target.User, target.Password, target.Database));
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SHOW STATUS LIKE 'Workbench_sql%'";
        long rows = 0, index = 0;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var name = r.GetString(0);
            var value = long.Parse(r.GetValue(1).ToString()!, CultureInfo.InvariantCulture);
            if (name == "Workbench_sql_row_bytes") rows = value;
            else if (name == "Workbench_sql_index_bytes") index = value;
        }
        return (rows, index);
    }
}
