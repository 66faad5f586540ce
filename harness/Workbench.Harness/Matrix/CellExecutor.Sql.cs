using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Harness.Matrix.Attribution;
using Workbench.Harness.Results;
using Workbench.Harness.Sysbench;
using Workbench.Harness.Ycsb;
using Workbench.Workloads.Measurement;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Layer sql cells: sysbench (the real binary) and YCSB over go-ycsb's SQL schema, against the SQL
/// server the cell starts in-process (<see cref="SqlCellServer"/>: over its engine, or over a
/// replicated in-process cluster of the matrix's topology, every node on the cell's engine) or
/// against an external endpoint. In-process cells measure every layer (DESIGN.md §5.5): SQL bytes
/// (user bytes of the phase, §4), txn bytes by CF (summed over every store), engine bytes by
/// category (summed over every node's engine, plus raft_log and snapshot files on a cluster) and
/// device bytes (/proc/self/io of the whole process, i.e. all nodes, after a flush); endpoint cells
/// have only what the client sees (no device bytes of another process).
/// </summary>
internal sealed partial class CellExecutor
{
    private List<PhaseResult> RunSql(MatrixCell cell, string dir, CancellationToken cancel, out string? stats)
    {
        var endpoint = cell.Engine.Endpoint;
        using var server = endpoint is null ? SqlCellServer.Start(registry, cell.Engine.Config, dir, cell.Seed, Topology, cell.Workload.RaftLogInEngine) : null;
        var target = endpoint is null
            ? server!.Target
            : new SysbenchTarget(endpoint.Host, endpoint.Port, endpoint.User, endpoint.Password, endpoint.Database, endpoint.StorageEngine);
        var phases = cell.Workload.Kind switch
        {
            WorkloadKind.Sysbench => RunSysbench(cell, server, target, cancel, out stats),
            WorkloadKind.Ycsb => RunSqlYcsb(cell, server, target, cancel, out stats),
            _ => throw new InvalidOperationException($"workload kind {cell.Workload.Kind} does not run at layer sql"),
        };
        if (server is not null)
        {
            var engineStats = server.EngineStatistics();
            if (engineStats is not null) stats += engineStats;
        }
        return phases;
    }

    private List<PhaseResult> RunSysbench(MatrixCell cell, SqlCellServer? server, SysbenchTarget target, CancellationToken cancel, out string? stats)
    {
        var settings = cell.Workload.Sysbench!;
        var binary = SysbenchProcess.FindBinary() ?? throw new InvalidOperationException("sysbench is not installed (Debian package sysbench; ./run.sh installs it)");
        var sysbench = new SysbenchProcess(binary, target, settings);
        var rows = (long)settings.Tables * settings.TableSize;

        var prepare = Measure(server, 0, () => sysbench.Prepare(cancel), out var prepareSeconds);
        var live = prepare?.Layers.Sql ?? 0;
        string output = "";
        var run = Measure(server, live, () => output = sysbench.Run(cancel), out var runSeconds);
        var report = SysbenchOutputParser.Parse(output);
        sysbench.Cleanup(cancel);

        var prepareResult = SqlPhase("prepare", rows, prepareSeconds, 0, prepare, [], [], [], live, null);
        var histogram = HistogramOf(report);
        var op = histogram is null ? Summary(report) : WithSummary(OperationLatency.From(histogram), report);
        var figures = FiguresOf(settings, sysbench.RunCommandLine(), report, op);
        var runResult = SqlPhase("run", report.Transactions, double.IsFinite(report.TotalSeconds) ? report.TotalSeconds : runSeconds, report.TransactionsPerSec,
            run, new Dictionary<string, OperationLatency> { ["TRANSACTION"] = op }, Micros(op), [.. report.IntervalTps], live, figures);

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"SYSBENCH - {settings.Test}: {report.Transactions} transactions ({report.TransactionsPerSec:F2}/s), {report.Queries} queries ({report.QueriesPerSec:F2}/s), ignored errors {report.IgnoredErrors}, reconnects {report.Reconnects}; latency ms avg {report.LatencyAvgMs:F2}, p{report.Percentile:0} {report.PercentileMs:F2}, max {report.LatencyMaxMs:F2}");
        sb.AppendLine("SYSBENCH - " + sysbench.RunCommandLine());
        if (prepare is not null) sb.Append(LayerLine("prepare", prepare));
        if (run is not null) sb.Append(LayerLine("run", run));
        stats = sb.ToString();
        return [prepareResult, runResult];
    }

    private List<PhaseResult> RunSqlYcsb(MatrixCell cell, SqlCellServer? server, SysbenchTarget target, CancellationToken cancel, out string? stats)
    {
        var settings = YcsbSettings(cell);
        var workload = new CoreWorkload(settings);
        var connection = SqlYcsbSchema.ConnectionString(target.Host, target.Port, target.User, target.Password, target.Database);
        SqlYcsbSchema.Recreate(connection, settings.FieldCount, target.StorageEngine);
        var runner = new YcsbRunner(server?.Engine, workload, cell.Threads, cell.Seed, r => new SqlYcsbWorker(connection, workload, r)) { Attribution = server?.Attribution };
        _progress = runner.Progress;
        var sb = new StringBuilder();
        var phases = new List<PhaseResult>();
        foreach (var load in new[] { true, false })
        {
            var before = server?.ReadLayerBytes();
            var m = load ? runner.Load(cancel) : runner.Run(cancel);
            long retries = 0, failed = 0;
            foreach (var w in runner.LastWorkers)
                if (w is SqlYcsbWorker s)
                {
                    retries += s.Retries;
                    failed += s.Failed;
                }
            var p = m.Result;
            sb.AppendLine(CultureInfo.InvariantCulture, $"SQL-YCSB {p.Phase}: {p.Ops} operations, retried statements (1213/1205) {retries}, given up {failed}, workload bytes (key + fields) {p.UserBytesWritten}");
            if (server is not null && before is not null)
            {
                var layers = server.ReadLayerBytes().Minus(before);
                var measured = new LayerMeasure(layers, p.DeviceBytesWritten, p.EngineIo.Values.Sum());
                sb.Append(LayerLine(p.Phase, measured));
                phases.Add(WithLayers(p, measured, runner.LiveBytes));
            }
            else phases.Add(p);
        }
        try { SqlYcsbSchema.Drop(connection); }
        catch (MySqlConnector.MySqlException) { /* the table of an endpoint is left for the next cell's DROP … IF EXISTS */ }
        stats = sb.ToString();
        return phases;
    }

    /// <summary>What one measured phase handed to each layer, and the device bytes under it.</summary>
    private sealed record LayerMeasure(LayerBytes Layers, long? DeviceBytes, long EngineBytes, IoWindowResult? Window = null,
        Dictionary<string, long>? Attributed = null, Dictionary<string, long>? Below = null);

    /// <summary>Runs <paramref name="work"/> inside an IoWindow on the cell server's engine (flushed after), or just times it for an endpoint.</summary>
    private static LayerMeasure? Measure(SqlCellServer? server, long liveBytes, Action work, out double seconds)
    {
        if (server is null)
        {
            var t = Stopwatch.StartNew();
            work();
            seconds = t.Elapsed.TotalSeconds;
            return null;
        }
        var before = server.ReadLayerBytes();
        var attributedBefore = server.Attribution?.Read();
        var belowBefore = server.Attribution?.LayerBytes?.Invoke();
        var io = IoWindow.Open(server.Engine);
        var clock = Stopwatch.StartNew();
        work();
        seconds = clock.Elapsed.TotalSeconds;
        var layers = server.ReadLayerBytes().Minus(before);
        server.Engine.Flush();
        var window = io.Close(layers.Sql, liveBytes > 0 ? liveBytes : layers.Sql);
        var attributed = attributedBefore is null ? null : AttributionProbe.Delta(server.Attribution!.Read(), attributedBefore);
        var below = belowBefore is null ? null : AttributionProbe.Delta(server.Attribution!.LayerBytes!(), belowBefore);
        return new LayerMeasure(layers, window.DeviceBytesWritten, window.EngineIo.Values.Sum(), window, attributed, below);
    }

    private static PhaseResult SqlPhase(string phase, long ops, double seconds, double opsPerSec, LayerMeasure? m, Dictionary<string, OperationLatency> operations,
        Dictionary<string, double> latency, double[] series, long live, SysbenchFigures? figures)
    {
        var w = m?.Window;
        var result = new PhaseResult
        {
            Phase = phase,
            Ops = ops,
            Seconds = seconds,
            OpsPerSec = opsPerSec > 0 ? opsPerSec : seconds > 0 ? ops / seconds : 0,
            UserBytesWritten = m?.Layers.Sql ?? 0,
            // A cell on processes has no window of its own: the processes' device bytes (m.DeviceBytes).
            DeviceBytesWritten = w?.DeviceBytesWritten ?? m?.DeviceBytes,
            DeviceCancelledWriteBytes = w?.DeviceCancelledWriteBytes,
            WriteAmp = w?.WriteAmp ?? (m is { DeviceBytes: { } md } && m.Layers.Sql > 0 ? (double)md / m.Layers.Sql : null),
            EngineWriteAmp = w?.EngineWriteAmp,
            EngineIo = w?.EngineIo ?? [],
            SpaceAmp = w?.SpaceAmp,
            DiskBytes = w?.Metrics.DiskBytes ?? 0,
            LiveBytes = live,
            LatencyMicros = latency,
            Operations = operations,
            ThroughputSeries = series,
            EngineCounters = w is null ? [] : new Dictionary<string, long>(w.Metrics.Counters),
            LayerBytes = m?.Layers.ToDictionary() ?? [],
            LayerWriteAmp = m is null ? [] : LayerWriteAmp(m),
            Sysbench = figures,
        };
        if (m?.Attributed is { } attributed) AttributionProbe.Apply(result, attributed);
        if (m?.Below is { } below) AddBelow(result, below);
        return result;
    }

    /// <summary>The raft and engine layers' bytes (a cluster's) beside the sql and txn ones the phase has.</summary>
    private static void AddBelow(PhaseResult phase, Dictionary<string, long> below)
    {
        var extra = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in below)
            if (!phase.LayerBytes.ContainsKey(k)) extra[k] = v;
        AttributionProbe.ApplyLayers(phase, extra);
    }

    /// <summary>A YCSB phase at layer sql: user bytes become the SQL layer's bytes (DESIGN.md §4), the workload's own key + field bytes go to layer_bytes["workload"].</summary>
    private static PhaseResult WithLayers(PhaseResult p, LayerMeasure m, long live)
    {
        var layers = m.Layers.ToDictionary();
        layers["workload"] = p.UserBytesWritten;
        var sql = m.Layers.Sql;
        var engineBytes = p.EngineIo.Values.Sum();
        var result = new PhaseResult
        {
            Phase = p.Phase,
            Ops = p.Ops,
            Seconds = p.Seconds,
            OpsPerSec = p.OpsPerSec,
            UserBytesWritten = sql,
            DeviceBytesWritten = p.DeviceBytesWritten,
            DeviceCancelledWriteBytes = p.DeviceCancelledWriteBytes,
            WriteAmp = sql > 0 && p.DeviceBytesWritten is { } d ? (double)d / sql : null,
            EngineWriteAmp = sql > 0 && engineBytes > 0 ? (double)engineBytes / sql : null,
            EngineIo = p.EngineIo,
            SpaceAmp = p.SpaceAmp,
            DiskBytes = p.DiskBytes,
            LiveBytes = live,
            LatencyMicros = p.LatencyMicros,
            Operations = p.Operations,
            ThroughputSeries = p.ThroughputSeries,
            EngineCounters = p.EngineCounters,
            LayerBytes = layers,
            LayerWriteAmp = LayerWriteAmp(m),
            ProcessDeviceBytes = p.ProcessDeviceBytes,
            ExplainedShareNote = p.ExplainedShareNote,
        };
        // The runner's probe attributed the phase and read the layers below txn (on a cluster): keep both.
        if (p.Attribution.Count > 0) AttributionProbe.Apply(result, p.Attribution);
        AddBelow(result, p.LayerBytes);
        return result;
    }

    private static Dictionary<string, double> LayerWriteAmp(LayerMeasure m)
    {
        var wa = new Dictionary<string, double>(StringComparer.Ordinal);
        if (m.DeviceBytes is not { } device) return wa;
        if (m.Layers.Sql > 0) wa["sql"] = (double)device / m.Layers.Sql;
        if (m.Layers.Txn > 0) wa["txn"] = (double)device / m.Layers.Txn;
        if (m.EngineBytes > 0) wa["engine"] = (double)device / m.EngineBytes;
        return wa;
    }

    private static string LayerLine(string phase, LayerMeasure m)
    {
        var l = m.Layers;
        var inv = CultureInfo.InvariantCulture;
        var line = string.Create(inv, $"LAYERS {phase}: sql {l.Sql} (rows {l.SqlRows}, index {l.SqlIndex}) → txn {l.Txn} (default {l.TxnDefault}, lock {l.TxnLock}, write {l.TxnWrite}) → engine {m.EngineBytes} → device {(m.DeviceBytes is { } d ? d.ToString(inv) : "n/a")}");
        if (l.Sql > 0 && m.DeviceBytes is { } dev) line += string.Create(inv, $"; WA device/sql {(double)dev / l.Sql:F2}, txn/sql {(double)l.Txn / l.Sql:F2}");
        return line + "\n";
    }

    /// <summary>sysbench's histogram (ms buckets) as ours, each bucket's count at its value.</summary>
    private static LatencyHistogram? HistogramOf(SysbenchReport report)
    {
        if (report.Histogram.Count == 0) return null;
        var h = new LatencyHistogram();
        foreach (var (ms, count) in report.Histogram)
        {
            var ns = (long)Math.Round(ms * 1_000_000);
            for (long i = 0; i < count; i++) h.Record(ns);
        }
        return h;
    }

    /// <summary>The histogram's percentiles (bucket resolution) with sysbench's exact avg/min/max.</summary>
    private static OperationLatency WithSummary(OperationLatency o, SysbenchReport r) => new()
    {
        Count = r.Transactions,
        Avg = r.LatencyAvgMs * 1000,
        Min = r.LatencyMinMs * 1000,
        Max = r.LatencyMaxMs * 1000,
        P50 = o.P50,
        P90 = o.P90,
        P95 = o.P95,
        P99 = o.P99,
        P999 = o.P999,
        P9999 = o.P9999,
        HdrHistogram = o.HdrHistogram,
    };

    private static OperationLatency Summary(SysbenchReport r) => new()
    {
        Count = r.Transactions,
        Avg = r.LatencyAvgMs * 1000,
        Min = r.LatencyMinMs * 1000,
        Max = r.LatencyMaxMs * 1000,
        P50 = double.NaN,
        P90 = double.NaN,
        P95 = double.NaN,
        P99 = r.Percentile == 99 ? r.PercentileMs * 1000 : double.NaN,
        P999 = double.NaN,
        P9999 = double.NaN,
    };

    private static Dictionary<string, double> Micros(OperationLatency o) => new(StringComparer.Ordinal)
    {
        ["avg"] = o.Avg,
        ["p50"] = o.P50,
        ["p95"] = o.P95,
        ["p99"] = o.P99,
        ["p999"] = o.P999,
        ["max"] = o.Max,
    };

    /// <summary>The run phase's sysbench figures (its own report's, the p95 from the latency histogram or summary) for the results JSON.</summary>
    private static SysbenchFigures FiguresOf(SysbenchSettings settings, string command, SysbenchReport report, OperationLatency op) => new()
    {
        Test = settings.Test,
        Command = command,
        Tps = report.TransactionsPerSec,
        Qps = report.QueriesPerSec,
        Transactions = report.Transactions,
        Queries = report.Queries,
        Reads = report.Reads,
        Writes = report.Writes,
        Other = report.Other,
        IgnoredErrors = report.IgnoredErrors,
        Reconnects = report.Reconnects,
        LatencyAvgMs = report.LatencyAvgMs,
        LatencyMaxMs = report.LatencyMaxMs,
        LatencyP99Ms = report.PercentileMs,
        LatencyP95Ms = op.P95 / 1000.0,
    };
}
