using System.Diagnostics;
using Workbench.Harness.Results;
using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Measurement;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// Runs YCSB's load and run phases against an open engine with N threads sharing one
/// <see cref="CoreWorkload"/> (as YCSB's client shares generators), each thread with its own seeded
/// random source and latency histogram per operation. Measures like `workbench
/// bench`: throughput overall and per second, latency per operation, user bytes, device bytes from
/// /proc/self/io (after flushing the engine, outside the timed region), the engine's IO breakdown,
/// space amplification. Cancellation stops workers between operations. Not thread-safe itself.
/// </summary>
internal sealed class YcsbRunner
{
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly IKvEngine? _engine; // null: an external server (SQL endpoint), no engine of ours to measure
    private readonly CoreWorkload _workload;
    private readonly int _threads;
    private readonly int _seed;
    private readonly Func<Random, IYcsbWorker> _newWorker;
    private long _liveBytes;

    /// <summary><paramref name="newWorker"/>: the client of one thread (default: the engine layer on <paramref name="engine"/>'s default CF). <paramref name="engine"/> is null only with a worker of an external server: no device or engine bytes are measured then.</summary>
    public YcsbRunner(IKvEngine? engine, CoreWorkload workload, int threads, int seed, Func<Random, IYcsbWorker>? newWorker = null)
    {
        if (engine is null && newWorker is null) throw new ArgumentNullException(nameof(engine), "an engine, or a worker factory for an external server, is needed");
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _engine = engine;
        _workload = workload;
        _threads = threads;
        _seed = seed;
        _newWorker = newWorker ?? (r => new EngineYcsbWorker(new YcsbEngineWorker(engine!, workload, r)));
    }

    /// <summary>Workers of the last phase (the txn layer reads its retry counters from them).</summary>
    public IReadOnlyList<IYcsbWorker> LastWorkers { get; private set; } = [];

    public BenchProgress Progress { get; } = new();

    /// <summary>Read where each phase's device window opens and closes, to attribute its device bytes by layer and cause (null: from engine_io).</summary>
    public Matrix.Attribution.AttributionProbe? Attribution { get; init; }

    /// <summary>
    /// Device bytes of other processes (a tcp cluster's, `ycsb --pd … --processes FILE`): read around
    /// each phase; with no engine of ours they are the phase's device bytes (their sum) and its per-process figures.
    /// </summary>
    public IExternalDeviceBytes? ExternalDevice { get; init; }

    /// <summary>The last phase's external reading (null without <see cref="ExternalDevice"/>).</summary>
    public ExternalDeviceReading? LastExternal { get; private set; }

    /// <summary>Bytes of the records written so far (load and run inserts): the logical live data for space amplification.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Inserts insertcount records (YCSB's load phase).</summary>
    public YcsbPhaseMeasurement Load(CancellationToken cancel = default) =>
        RunPhase("load", _workload.Settings.InsertCount, load: true, cancel);

    /// <summary>Runs operationcount operations of the workload's mix (YCSB's run/transaction phase).</summary>
    public YcsbPhaseMeasurement Run(CancellationToken cancel = default) =>
        RunPhase("run", _workload.Settings.OperationCount, load: false, cancel);

    private YcsbPhaseMeasurement RunPhase(string phase, long totalOps, bool load, CancellationToken cancel)
    {
        Progress.Begin(phase, totalOps);
        var attributedBefore = Attribution?.Read();
        var layersBefore = Attribution?.LayerBytes?.Invoke();
        var io = _engine is null ? null : IoWindow.Open(_engine);
        var series = new ThroughputSeries();
        var workers = new PhaseWorker[_threads];
        for (var t = 0; t < _threads; t++)
        {
            var share = totalOps * (t + 1) / _threads - totalOps * t / _threads;
            // Seeds differ per phase so the run phase does not replay the load phase's random stream.
            var seed = unchecked(_seed * 7919 + t * 104729 + (load ? 0 : 1_000_003));
            workers[t] = new PhaseWorker(this, share, load, seed, series, cancel);
        }
        LastWorkers = workers.Select(w => w.Worker).ToArray();
        var threads = workers.Select(w => new Thread(w.Run) { IsBackground = true, Name = "ycsb-worker" }).ToList();
        ExternalDevice?.Begin();
        series.Start();
        var start = Stopwatch.GetTimestamp();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (var w in workers)
            if (w.Failure is { } failure) throw new InvalidOperationException($"YCSB {phase} failed: {failure.Message}", failure);
        cancel.ThrowIfCancellationRequested();

        long userBytes = 0, ops = 0;
        foreach (var w in workers)
        {
            userBytes += w.Worker.UserBytesWritten;
            ops += w.Ops;
        }
        if (userBytes > 0) _engine?.Flush();
        var external = LastExternal = ExternalDevice?.End();

        var operations = new Dictionary<string, OperationLatency>();
        var all = new LatencyHistogram();
        for (var op = 0; op < YcsbOperations.Count; op++)
        {
            var h = new LatencyHistogram();
            long notFound = 0;
            foreach (var w in workers)
            {
                h.Add(w.Histograms[op]);
                notFound += w.Worker.NotFound((YcsbOperation)op);
            }
            if (h.Count == 0) continue;
            var name = load ? "INSERT" : ((YcsbOperation)op).ToName();
            operations[name] = OperationLatency.From(h, notFound);
            all.Add(h);
        }
        var live = LiveBytes;
        var measured = io?.Close(userBytes, live);
        var attributed = attributedBefore is null ? null : Matrix.Attribution.AttributionProbe.Delta(Attribution!.Read(), attributedBefore);
        var layers = layersBefore is null ? null : Matrix.Attribution.AttributionProbe.Delta(Attribution!.LayerBytes!(), layersBefore);
        var result = new PhaseResult
        {
            Phase = phase,
            Ops = ops,
            Seconds = elapsed,
            OpsPerSec = elapsed > 0 ? ops / elapsed : 0,
            UserBytesWritten = userBytes,
            DeviceBytesWritten = measured?.DeviceBytesWritten ?? external?.Total,
            DeviceCancelledWriteBytes = measured?.DeviceCancelledWriteBytes,
            WriteAmp = measured?.WriteAmp ?? (external is not null && userBytes > 0 ? external.Total / (double)userBytes : null),
            ProcessDeviceBytes = external is null ? [] : new Dictionary<string, long>(external.PerProcess),
            EngineWriteAmp = measured?.EngineWriteAmp,
            EngineIo = measured?.EngineIo ?? [],
            SpaceAmp = measured?.SpaceAmp,
            DiskBytes = measured?.Metrics.DiskBytes ?? 0,
            LiveBytes = live,
            LatencyMicros = LatencySummary.Micros(all),
            Operations = operations,
            ThroughputSeries = series.PerSecond(),
            EngineCounters = measured is null ? [] : new Dictionary<string, long>(measured.Metrics.Counters),
        };
        if (attributed is not null) Matrix.Attribution.AttributionProbe.Apply(result, attributed);
        else if (external is not null) ApplyExternal(result, external);
        else Matrix.Attribution.AttributionProbe.FillFromEngineIo(result);
        if (layers is not null) Matrix.Attribution.AttributionProbe.ApplyLayers(result, layers);
        return new YcsbPhaseMeasurement(result, operations, elapsed);
    }

    /// <summary>A tcp cluster's phase: the processes' attribution and layer bytes, or why there are none (never a 0% share for "not known").</summary>
    private static void ApplyExternal(PhaseResult result, ExternalDeviceReading external)
    {
        if (external.Attribution is { } a) Matrix.Attribution.AttributionProbe.Apply(result, a);
        else result.ExplainedShareNote = external.AttributionNote ?? "attribution unavailable";
        if (external.Layers is { } l) Matrix.Attribution.AttributionProbe.ApplyLayers(result, l);
    }

    /// <summary>One thread of a phase: its own worker (buffers, random source), histograms and reservoirs.</summary>
    private sealed class PhaseWorker
    {
        private readonly YcsbRunner _runner;
        private readonly long _ops;
        private readonly bool _load;
        private readonly ThroughputSeries _series;
        private readonly CancellationToken _cancel;

        public PhaseWorker(YcsbRunner runner, long ops, bool load, int seed, ThroughputSeries series, CancellationToken cancel)
        {
            _runner = runner;
            _ops = ops;
            _load = load;
            _series = series;
            _cancel = cancel;
            Worker = runner._newWorker(new Random(seed));
            for (var i = 0; i < YcsbOperations.Count; i++) Histograms[i] = new LatencyHistogram();
        }

        public IYcsbWorker Worker { get; }
        public LatencyHistogram[] Histograms { get; } = new LatencyHistogram[YcsbOperations.Count];
        public long Ops { get; private set; }
        public Exception? Failure { get; private set; }

        public void Run()
        {
            try
            {
                using var worker = Worker;
                for (long i = 0; i < _ops; i++)
                {
                    if ((i & 255) == 0 && _cancel.IsCancellationRequested) return;
                    var op = _load ? YcsbOperation.Insert : Worker.NextOperation();
                    var insertedBefore = Worker.InsertedBytes;
                    var t0 = Stopwatch.GetTimestamp();
                    if (_load) Worker.Load();
                    else Worker.Execute(op);
                    var t1 = Stopwatch.GetTimestamp();
                    var nanos = (long)((t1 - t0) * NanosPerTick);
                    Histograms[(int)op].Record(nanos);
                    _series.Record(t1);
                    var inserted = Worker.InsertedBytes - insertedBefore;
                    if (inserted != 0) Interlocked.Add(ref _runner._liveBytes, inserted);
                    Ops++;
                    if ((i & 63) == 63) _runner.Progress.Add(64);
                }
                _runner.Progress.Add(Ops & 63);
            }
            catch (Exception e)
            {
                Failure = e;
            }
        }
    }
}
