using System.Globalization;
using Workbench.Harness.Matrix.Attribution;
using Workbench.Harness.Results;
using Workbench.Harness.Ycsb;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Layers;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Runs one matrix cell on a fresh data directory and returns its result. YCSB cells run the load
/// and run phases with the value size mapped to the field length (the encoded record is at most
/// value_size bytes); bench cells reuse `workbench bench`'s runner. The data directory is deleted
/// afterwards. Not thread-safe; <see cref="Progress"/> is polled by the progress display.
/// </summary>
internal sealed partial class CellExecutor(EngineRegistry registry, string dataRoot)
{
    private volatile BenchProgress? _progress;

    /// <summary>The progress of the phase running now (null between phases).</summary>
    public BenchProgress? Progress => _progress;

    private MatrixTopology? _topology;
    private MatrixTopology? _cellTopology;

    /// <summary>
    /// The matrix's cluster shape; YCSB cells at layer raft, or txn on more than one node, run on such
    /// a cluster (ClusterCells). While a cell runs: its own (a workload's `transport` replaces the topology's).
    /// </summary>
    public MatrixTopology? Topology
    {
        get => _cellTopology ?? _topology;
        init => _topology = value;
    }

    public CellResult Run(MatrixCell cell, string layer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var dir = Path.Combine(dataRoot, Sanitize(cell.Id));
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var started = DateTime.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _cellTopology = cell.Workload.Transport is { } transport && _topology is not null ? _topology with { Transport = transport } : null;
        try
        {
            if (cell.Workload.Kind == WorkloadKind.Migrate) return new MigrateCell(registry, cell, dir).Run(started, clock, cancel);
            string? stats = null;
            layer = cell.Workload.Layer?.ToString().ToLowerInvariant() ?? layer;
            var txn = layer == "txn";
            var phases = OnProcesses(cell, layer) ? RunTcp(cell, layer, dir, cancel, out stats)
                : layer == "sql" ? RunSql(cell, dir, cancel, out stats)
                : cell.Workload.Kind == WorkloadKind.Ycsb && ClusterCells.RunsOnCluster(layer, Topology)
                ? ClusterCells.RunYcsb(registry, cell, Topology!, layer, dir, p => _progress = p, cancel, out stats)
                : cell.Workload.Kind == WorkloadKind.Ycsb ? RunYcsb(cell, dir, txn, cancel, out stats) : RunBench(cell, dir, txn, out stats);
            // Phases no probe watched (bench, sql) are attributed from their engine categories.
            foreach (var p in phases) AttributionProbe.FillFromEngineIo(p);
            return Result(cell, layer, started, clock.Elapsed.TotalSeconds, phases, null, stats);
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return Result(cell, layer, started, clock.Elapsed.TotalSeconds, [], e.GetBaseException().Message, null);
        }
        finally
        {
            _progress = null;
            _cellTopology = null;
            try
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover data directory costs disk space, not correctness; the next run deletes it.
            }
        }
    }

    /// <summary>The YCSB properties of a cell: the file, the matrix's overrides, the counts and the field length for the value size.</summary>
    public static CoreWorkloadSettings YcsbSettings(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var w = cell.Workload;
        var p = YcsbProperties.FromFile(w.File!);
        foreach (var (k, v) in w.Properties) p.Set(k, v, "matrix");
        if (w.RecordCountFor(cell.ValueSize) is { } rc) p.Set("recordcount", rc.ToString(CultureInfo.InvariantCulture), "matrix");
        if (w.OperationCountFor(cell.ValueSize) is { } oc) p.Set("operationcount", oc.ToString(CultureInfo.InvariantCulture), "matrix");
        var fields = p.GetInt("fieldcount", 10);
        p.Set("fieldlength", RecordCodec.FieldLengthForValueSize(fields, cell.ValueSize).ToString(CultureInfo.InvariantCulture), "value_size");
        return CoreWorkloadSettings.From(p);
    }

    private List<PhaseResult> RunYcsb(MatrixCell cell, string dir, bool txnLayer, CancellationToken cancel, out string? stats)
    {
        var settings = YcsbSettings(cell);
        var workload = new CoreWorkload(settings);
        // Layer txn: as `workbench ycsb --layer txn` with TiDB's defaults (async commit and 1PC on).
        // Every file of the cell goes through the page-cache model, so its device bytes can be attributed (Matrix/Attribution).
        var model = AttributionFiles.ForDirectory(dir);
        using var txn = txnLayer ? TxnLayer.Open(registry, cell.Engine.Config, dir, new Workbench.Txn.Client.TxnClientOptions { Seed = cell.Seed }, model) : null;
        using var own = txn is null ? registry.Open(cell.Engine.Config, dir, model, [ColumnFamilyDescriptor.Default]) : null;
        var engine = txn?.Engine ?? own!;
        var probe = new AttributionProbe(model, engine, AttributionProbe.UsesFileSystem(registry, cell.Engine.Config.Name))
        {
            LayerBytes = txn is null ? null : () =>
            {
                var d = new Dictionary<string, long>(StringComparer.Ordinal);
                TxnLayerBytes.AddTo(d, [txn.Service.Stats]);
                return d;
            },
        };
        var runner = txn is null
            ? new YcsbRunner(engine, workload, cell.Threads, cell.Seed) { Attribution = probe }
            : new YcsbRunner(engine, workload, cell.Threads, cell.Seed, r => new TxnYcsbWorker(txn.Client, workload, r)) { Attribution = probe };
        _progress = runner.Progress;
        var load = runner.Load(cancel);
        var txnLines = txn?.DescribeAndReset(runner.LastWorkers, load.Result.UserBytesWritten);
        var run = runner.Run(cancel);
        txnLines += txn?.DescribeAndReset(runner.LastWorkers, run.Result.UserBytesWritten);
        stats = engine.GetProperty("stats");
        // The txn layer's lines (load, then run) go with the engine's statistics of the cell.
        if (txnLines is not null) stats = txnLines + stats;
        return [load.Result, run.Result];
    }

    private List<PhaseResult> RunBench(MatrixCell cell, string dir, bool txnLayer, out string? stats)
    {
        var w = cell.Workload;
        var options = new BenchOptions
        {
            Engine = cell.Engine.Config,
            Benchmarks = w.Benchmarks,
            Num = w.NumFor(cell.ValueSize),
            Reads = w.Reads ?? -1,
            KeySize = w.KeySize,
            CompressionRatio = w.CompressionRatio,
            ValueSize = cell.ValueSize,
            Threads = cell.Threads,
            Db = dir,
            TxnLayer = txnLayer,
            Seed = cell.Seed,
            ShowProgress = false,
        };
        var runner = new BenchRunner(options, registry);
        _progress = runner.Progress;
        var results = runner.Run();
        // Layer txn: each benchmark's txn lines (commit modes, bytes per CF) are the cell's statistics.
        stats = txnLayer ? string.Concat(results.Select(r => $"{r.Benchmark}:\n{r.TxnSummary}")) : null;
        var phases = results.Select(FromBench).ToList();
        // A benchmark listed twice (overwrite, overwrite) gives phases overwrite and overwrite#2, so they are not mistaken for repeats.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < phases.Count; i++)
        {
            var n = seen[phases[i].Phase] = seen.GetValueOrDefault(phases[i].Phase) + 1;
            if (n > 1) phases[i] = Renamed(phases[i], $"{phases[i].Phase}#{n}");
        }
        return phases;
    }

    private static PhaseResult Renamed(PhaseResult p, string phase) => new()
    {
        Phase = phase,
        Ops = p.Ops,
        Seconds = p.Seconds,
        OpsPerSec = p.OpsPerSec,
        UserBytesWritten = p.UserBytesWritten,
        DeviceBytesWritten = p.DeviceBytesWritten,
        DeviceCancelledWriteBytes = p.DeviceCancelledWriteBytes,
        WriteAmp = p.WriteAmp,
        EngineWriteAmp = p.EngineWriteAmp,
        EngineIo = p.EngineIo,
        SpaceAmp = p.SpaceAmp,
        DiskBytes = p.DiskBytes,
        LiveBytes = p.LiveBytes,
        LatencyMicros = p.LatencyMicros,
        Operations = p.Operations,
        ThroughputSeries = p.ThroughputSeries,
        EngineCounters = p.EngineCounters,
        CompactionWaitSeconds = p.CompactionWaitSeconds,
        CompactionSettled = p.CompactionSettled,
        PendingCompactionBytes = p.PendingCompactionBytes,
    };

    /// <summary>A db_bench result as a phase: its single operation is named after the benchmark.</summary>
    public static PhaseResult FromBench(BenchResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var op = r.Benchmark.ToUpperInvariant();
        return new PhaseResult
        {
            Phase = r.Benchmark,
            Ops = r.Ops,
            Seconds = r.Seconds,
            OpsPerSec = r.OpsPerSec,
            UserBytesWritten = r.UserBytesWritten,
            DeviceBytesWritten = r.DeviceBytesWritten,
            DeviceCancelledWriteBytes = r.DeviceCancelledWriteBytes,
            WriteAmp = r.WriteAmp,
            EngineWriteAmp = r.EngineWriteAmp,
            EngineIo = r.EngineIo,
            SpaceAmp = r.SpaceAmp,
            DiskBytes = r.DiskBytes,
            LiveBytes = r.LiveBytes,
            LatencyMicros = r.LatencyMicros,
            Operations = new Dictionary<string, OperationLatency>
            {
                [op] = r.Histogram is { } h ? OperationLatency.From(h, NotFound(r)) : SummaryOnly(r),
            },
            ThroughputSeries = r.ThroughputSeries,
            EngineCounters = r.EngineCounters,
            CompactionWaitSeconds = r.CompactionWaitSeconds,
            CompactionSettled = r.CompactionSettled,
            PendingCompactionBytes = r.PendingCompactionBytes,
        };
    }

    private static long NotFound(BenchResult r) => r.Found is { } found ? r.Ops - found : 0;

    /// <summary>A result read back without its histogram (e.g. from bench JSON): the summary only; p90 and p99.99 unknown (NaN, skipped by charts).</summary>
    private static OperationLatency SummaryOnly(BenchResult r)
    {
        var l = r.LatencyMicros;
        double Get(string k) => l.TryGetValue(k, out var v) ? v : double.NaN;
        return new OperationLatency
        {
            Count = r.Ops,
            NotFound = NotFound(r),
            Avg = Get("avg"),
            Max = Get("max"),
            Min = double.NaN,
            P50 = Get("p50"),
            P90 = double.NaN,
            P95 = Get("p95"),
            P99 = Get("p99"),
            P999 = Get("p999"),
            P9999 = double.NaN,
        };
    }

    /// <summary>Whether the cell runs on processes (transport tcp / a cluster file): a cluster cell, or layer sql on a replicated topology, not an endpoint.</summary>
    private bool OnProcesses(MatrixCell cell, string layer) => TcpClusterCells.IsTcp(Topology) && OnCluster(cell, layer);

    private bool OnCluster(MatrixCell cell, string layer) =>
        (cell.Workload.Kind == WorkloadKind.Ycsb && ClusterCells.RunsOnCluster(layer, Topology))
        || (layer == "sql" && cell.Engine.Endpoint is null && SqlCellServer.IsCluster(Topology));

    private Dictionary<string, string> NodeEngines(MatrixCell cell)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, label) in cell.Engine.NodeLabels(Topology!)) d[id.ToString(CultureInfo.InvariantCulture)] = label;
        return d;
    }

    private CellResult Result(MatrixCell cell, string layer, DateTime started, double seconds, List<PhaseResult> phases, string? error, string? stats) => new()
    {
        EngineStats = stats,
        Topology = OnCluster(cell, layer) ? ClusterCells.Describe(Topology!, cell) : null,
        NodeEngines = OnCluster(cell, layer) ? NodeEngines(cell) : null,
        CellId = cell.Id,
        Status = error is null ? "ok" : "failed",
        Error = error,
        Engine = cell.Engine.Config.Name,
        EngineLabel = cell.Engine.Label,
        EngineOptions = new Dictionary<string, string>(cell.Engine.Config.OptionsOrEmpty),
        EngineOptionsResolved = ResolvedOptions(cell),
        Workload = cell.Workload.Label,
        WorkloadKind = cell.Workload.Kind.ToString().ToLowerInvariant(),
        WorkloadFile = cell.Workload.File,
        Layer = layer,
        ValueSize = cell.ValueSize,
        Threads = cell.Threads,
        Repeat = cell.Repeat,
        Seed = cell.Seed,
        StartedUtc = started,
        Seconds = seconds,
        Phases = phases,
    };

    /// <summary>Every option of the engine as it ran, defaults included (for reproducibility; the matrix names only what it changes).</summary>
    private Dictionary<string, string> ResolvedOptions(MatrixCell cell)
    {
        if (cell.Engine.Endpoint is { } endpoint) return endpoint.Describe();
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (k, v) in registry.ValidateOptions(cell.Engine.Config).Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                resolved[k] = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        }
        catch (EngineConfigException e)
        {
            // The matrix was validated before the run, so this is not expected; keep the cell's result anyway.
            resolved["error"] = e.Message;
        }
        return resolved;
    }

    private static string Sanitize(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '_' or '.')) chars[i] = '_';
        return new string(chars);
    }
}
