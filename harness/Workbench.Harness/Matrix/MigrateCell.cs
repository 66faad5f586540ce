using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Workbench.Cluster.Client;
using Workbench.Cluster.Pd;
using Workbench.Cluster.Topology;
using Workbench.Harness.Results;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Proc;
using Workbench.Storage.Registry;
using Workbench.Workloads.Measurement;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Runs one <c>migrate</c> cell (DESIGN.md §6, issue 13 item 10): an in-process cluster of
/// <c>nodes</c> stores of engine A is loaded through the raw client, then runs the YCSB workload
/// continuously on <c>threads</c> client tasks; after <c>before_seconds</c> it gets <c>nodes</c>
/// stores of engine B and the A stores are decommissioned at once (PD moves every replica by
/// snapshot, throttled by the store limit and the snapshot rate); once they are tombstones and
/// stopped the workload runs <c>after_seconds</c> more. Every operation's latency goes into the
/// histogram of its second and of its phase (before / during / after the move). Writes whose
/// outcome was unknown are sent again (YCSB writes are whole-record puts, so repeating one is
/// harmless); any other client error counts as failed. At the end every loaded key is read back.
/// </summary>
internal sealed class MigrateCell(EngineRegistry registry, MatrixCell cell, string directory)
{
    private const int MaxWriteAttempts = 20;
    private readonly object _lock = new();
    private readonly List<LatencyHistogram> _perSecond = [];
    private readonly List<long> _errorsPerSecond = [];
    private readonly LatencyHistogram[] _phase = [new(), new(), new()];
    private readonly long[] _phaseOps = new long[3];
    private volatile int _current;
    private long _retried;
    private long _failed;
    private string? _firstError;

    /// <summary>Runs the cell; a client error the client could not retry, or a loaded key not readable at the end, fails it (the measurements are kept).</summary>
    public CellResult Run(DateTime started, Stopwatch clock, CancellationToken cancel)
    {
        var (phases, m) = RunAsync(cancel).GetAwaiter().GetResult();
        string? error = null;
        if (m.Failed > 0) error = $"{m.Failed} client operations failed in a way the client could not retry; first: {m.FirstError}";
        else if (m.KeysMissing > 0) error = $"{m.KeysMissing} of {m.KeysChecked} loaded keys were not readable after the migration";
        var s = cell.Workload.Migrate!;
        return new CellResult
        {
            CellId = cell.Id,
            Status = error is null ? "ok" : "failed",
            Error = error,
            Engine = $"{s.From.Name}->{s.To.Name}",
            EngineLabel = $"{s.FromLabel}→{s.ToLabel}",
            EngineOptions = new Dictionary<string, string>(s.To.OptionsOrEmpty),
            Workload = cell.Workload.Label,
            WorkloadKind = "migrate",
            WorkloadFile = cell.Workload.File,
            Layer = "raft",
            Topology = $"in-process, {s.Nodes} nodes, 3 replicas",
            ValueSize = cell.ValueSize,
            Threads = cell.Threads,
            Repeat = cell.Repeat,
            Seed = cell.Seed,
            StartedUtc = started,
            Seconds = clock.Elapsed.TotalSeconds,
            Phases = phases,
            Migration = m,
        };
    }

    private async Task<(List<PhaseResult>, MigrationResult)> RunAsync(CancellationToken cancel)
    {
        var s = cell.Workload.Migrate!;
        var workload = new CoreWorkload(CellExecutor.YcsbSettings(cell));
        var nodes = new List<NodeConfig>();
        for (var i = 1; i <= s.Nodes; i++) nodes.Add(Node((ulong)i, s.From));
        var config = new ClusterConfig
        {
            Nodes = nodes,
            Replicas = 3,
            TickMs = s.TickMs,
            SplitSizeBytes = s.SplitSizeBytes,
            SplitKeys = long.MaxValue / 2,
            SnapshotMaxBytesPerSec = s.SnapshotMaxBytesPerSec,
            Schedule = new PdOptions { Replicas = 3, StoreLimit = s.StoreLimit },
        };
        var fs = new CountingFileSystem(LocalFileSystem.Instance);
        using var cluster = new InProcessCluster(config, registry, fs, directory.Replace('\\', '/'), cell.Seed);
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        // Load: recordcount inserts, split over the client threads.
        var loadClock = Stopwatch.StartNew();
        var loadHist = new LatencyHistogram();
        var loadIo = fs.Counters.Snapshot();
        var loadDevice = Device();
        await Parallel(cell.Threads, async t =>
        {
            var client = cluster.NewRawClient();
            var random = new Random(cell.Seed * 31 + t);
            var h = new LatencyHistogram();
            for (var keynum = workload.NextLoadKeynum(); keynum < workload.Settings.RecordCount && !cancel.IsCancellationRequested; keynum = workload.NextLoadKeynum())
            {
                var start = Stopwatch.GetTimestamp();
                await PutAsync(client, Key(workload, keynum), Record(workload, random, null)).ConfigureAwait(false);
                h.Record(Nanos(start));
            }
            lock (_lock) loadHist.Add(h);
        }).ConfigureAwait(false);
        var load = Phase("load", loadHist, loadClock.Elapsed.TotalSeconds, fs.Counters.Snapshot().Minus(loadIo), Device() - loadDevice, workload.Settings.RecordCount * (long)workload.RecordSize);

        // Run: the workload keeps going while the cluster changes under it.
        using var stop = new CancellationTokenSource();
        var run = Stopwatch.StartNew();
        var workers = Parallel(cell.Threads, t => WorkAsync(cluster.NewRawClient(), workload, new Random(cell.Seed * 7919 + t), run, stop.Token));
        var events = new List<MigrationEvent>();
        var phaseIo = new IoSnapshot[4];
        var device = new long?[4];
        phaseIo[0] = fs.Counters.Snapshot();
        device[0] = Device();
        await Task.Delay(TimeSpan.FromSeconds(s.BeforeSeconds), cancel).ConfigureAwait(false);

        var beforeSeconds = run.Elapsed.TotalSeconds;
        phaseIo[1] = fs.Counters.Snapshot();
        device[1] = Device();
        _current = 1;
        var operatorsBefore = cluster.Pd.OperatorsFinished;
        for (var i = 1; i <= s.Nodes; i++) cluster.AddNode(Node((ulong)(s.Nodes + i), s.To));
        events.Add(new MigrationEvent($"{s.Nodes} {s.ToLabel} nodes added", run.Elapsed.TotalSeconds));
        var drainStart = run.Elapsed.TotalSeconds;
        var drains = new List<Task>();
        for (var i = 1; i <= s.Nodes; i++) drains.Add(cluster.DecommissionAsync((ulong)i, TimeSpan.FromSeconds(s.DrainTimeoutSeconds), cancel));
        events.Add(new MigrationEvent($"{s.Nodes} {s.FromLabel} nodes set Offline", run.Elapsed.TotalSeconds));
        await Task.WhenAll(drains).ConfigureAwait(false);
        var drained = run.Elapsed.TotalSeconds;
        events.Add(new MigrationEvent($"{s.FromLabel} nodes drained and stopped", drained));
        phaseIo[2] = fs.Counters.Snapshot();
        device[2] = Device();
        var operators = cluster.Pd.OperatorsFinished - operatorsBefore;
        _current = 2;

        await Task.Delay(TimeSpan.FromSeconds(s.AfterSeconds), cancel).ConfigureAwait(false);
        var end = run.Elapsed.TotalSeconds;
        phaseIo[3] = fs.Counters.Snapshot();
        device[3] = Device();
        await stop.CancelAsync().ConfigureAwait(false);
        await workers.ConfigureAwait(false);

        var (missing, checkedKeys) = await CheckKeysAsync(cluster, workload).ConfigureAwait(false);
        var phases = new List<PhaseResult>
        {
            load,
            Phase("before", _phase[0], beforeSeconds, phaseIo[1].Minus(phaseIo[0]), device[1] - device[0], 0, _phaseOps[0]),
            Phase("during", _phase[1], drained - beforeSeconds, phaseIo[2].Minus(phaseIo[1]), device[2] - device[1], 0, _phaseOps[1]),
            Phase("after", _phase[2], end - drained, phaseIo[3].Minus(phaseIo[2]), device[3] - device[2], 0, _phaseOps[2]),
        };
        double[] ops, avg, p99, errs;
        lock (_lock)
        {
            var n = (int)Math.Floor(end);
            ops = new double[n];
            avg = new double[n];
            p99 = new double[n];
            errs = new double[n];
            for (var i = 0; i < n && i < _perSecond.Count; i++)
            {
                ops[i] = _perSecond[i].Count;
                avg[i] = _perSecond[i].Count == 0 ? 0 : _perSecond[i].Mean / 1000.0;
                p99[i] = _perSecond[i].Count == 0 ? 0 : _perSecond[i].ValueAtPercentile(99) / 1000.0;
                errs[i] = _errorsPerSecond[i];
            }
        }
        var migration = new MigrationResult
        {
            From = s.FromLabel,
            To = s.ToLabel,
            Nodes = s.Nodes,
            Events = events,
            OpsPerSecond = ops,
            AvgLatencyMicros = avg,
            P99LatencyMicros = p99,
            ErrorsPerSecond = errs,
            DrainSeconds = drained - drainStart,
            SnapshotBytes = phaseIo[2].Minus(phaseIo[1]).BytesWritten(WriteCategory.Snapshot),
            Operators = operators,
            Regions = cluster.Pd.AllRegions().Count,
            Retried = Interlocked.Read(ref _retried),
            Failed = Interlocked.Read(ref _failed),
            FirstError = _firstError,
            KeysMissing = missing,
            KeysChecked = checkedKeys,
        };
        return (phases, migration);
    }

    private static NodeConfig Node(ulong id, EngineConfig engine) =>
        new(id, string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{20160 + id}"), engine, new Dictionary<string, string>(), 0);

    private static Task Parallel(int n, Func<int, Task> body)
    {
        var tasks = new Task[n];
        for (var i = 0; i < n; i++)
        {
            var t = i;
            tasks[i] = Task.Run(() => body(t));
        }
        return Task.WhenAll(tasks);
    }

    private async Task WorkAsync(RawClient client, CoreWorkload workload, Random random, Stopwatch run, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var op = workload.NextOperation(random);
            var start = Stopwatch.GetTimestamp();
            var ok = true;
            try
            {
                switch (op)
                {
                    case YcsbOperation.Read:
                        await client.GetAsync(Key(workload, workload.NextTransactionKeynum(random))).ConfigureAwait(false);
                        break;
                    case YcsbOperation.Update:
                        // Raw KV has no partial update: the whole record is written (go-ycsb's raw mode).
                        await PutAsync(client, Key(workload, workload.NextTransactionKeynum(random)), Record(workload, random, null)).ConfigureAwait(false);
                        break;
                    case YcsbOperation.ReadModifyWrite:
                    {
                        var key = Key(workload, workload.NextTransactionKeynum(random));
                        var old = await client.GetAsync(key).ConfigureAwait(false);
                        await PutAsync(client, key, Record(workload, random, old)).ConfigureAwait(false);
                        break;
                    }
                    case YcsbOperation.Insert:
                    {
                        var keynum = workload.NextInsertKeynum();
                        try { await PutAsync(client, Key(workload, keynum), Record(workload, random, null)).ConfigureAwait(false); }
                        finally { workload.AcknowledgeInsert(keynum); }
                        break;
                    }
                    case YcsbOperation.Scan:
                        await client.ScanAsync(Key(workload, workload.NextTransactionKeynum(random)), null, workload.NextScanLength(random)).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (e is ClusterException or TimeoutException or StoreUnreachableException)
            {
                ok = false;
                if (Interlocked.Increment(ref _failed) == 1) _firstError = $"{op}: {e.Message}";
            }
            var ns = Nanos(start);
            var second = (int)run.Elapsed.TotalSeconds;
            lock (_lock)
            {
                while (_perSecond.Count <= second)
                {
                    _perSecond.Add(new LatencyHistogram());
                    _errorsPerSecond.Add(0);
                }
                if (ok)
                {
                    _perSecond[second].Record(ns);
                    _phase[_current].Record(ns);
                    _phaseOps[_current]++;
                }
                else _errorsPerSecond[second]++;
            }
        }
    }

    /// <summary>A put, sent again while its outcome is unknown (a whole-record put may be repeated).</summary>
    private async Task PutAsync(RawClient client, byte[] key, byte[] value)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.PutAsync(key, value).ConfigureAwait(false);
                return;
            }
            catch (ClusterException e) when (e.Undetermined && attempt < MaxWriteAttempts)
            {
                Interlocked.Increment(ref _retried);
            }
        }
    }

    private async Task<(long Missing, long Checked)> CheckKeysAsync(InProcessCluster cluster, CoreWorkload workload)
    {
        long missing = 0, checkedKeys = 0;
        var total = workload.Settings.RecordCount;
        await Parallel(cell.Threads, async t =>
        {
            var client = cluster.NewRawClient();
            for (var k = (long)t; k < total; k += cell.Threads)
            {
                byte[]? v;
                try
                {
                    v = await client.GetAsync(Key(workload, k)).ConfigureAwait(false);
                }
                catch (ClusterException)
                {
                    v = null;
                }
                if (v is null) Interlocked.Increment(ref missing);
                Interlocked.Increment(ref checkedKeys);
            }
        }).ConfigureAwait(false);
        return (missing, checkedKeys);
    }

    private static byte[] Key(CoreWorkload workload, long keynum)
    {
        var buf = new byte[workload.MaxKeyLength];
        var len = workload.BuildKey(keynum, buf);
        return buf.AsSpan(0, len).ToArray();
    }

    private static byte[] Record(CoreWorkload workload, Random random, byte[]? old)
    {
        var s = workload.Settings;
        var w = new ArrayBufferWriter<byte>(workload.RecordSize);
        if (old is not null)
        {
            var field = new byte[s.FieldLength];
            CoreWorkload.FillRandom(random, field);
            RecordCodec.WriteWithField(w, old, workload.NextFieldIndex(random), field);
        }
        else
        {
            var fill = new byte[s.FieldCount * s.FieldLength];
            CoreWorkload.FillRandom(random, fill);
            RecordCodec.WriteFull(w, s.FieldCount, s.FieldLength, fill);
        }
        return w.WrittenSpan.ToArray();
    }

    private static long Nanos(long startTimestamp) => (long)((Stopwatch.GetTimestamp() - startTimestamp) * (1e9 / Stopwatch.Frequency));

    /// <summary>write_bytes of this process so far (the whole cluster runs in it); null where /proc/self/io is missing. Not flushed at phase edges: the page cache shifts bytes into later phases.</summary>
    private static long? Device() => ProcessIo.IsSupported ? ProcessIo.ReadSelf().WriteBytes : null;

    private static PhaseResult Phase(string name, LatencyHistogram h, double seconds, IoSnapshot io, long? deviceBytes, long userBytes, long? ops = null)
    {
        var n = ops ?? h.Count;
        return new PhaseResult
        {
            Phase = name,
            Ops = n,
            Seconds = seconds,
            OpsPerSec = seconds > 0 ? n / seconds : 0,
            UserBytesWritten = userBytes,
            DeviceBytesWritten = deviceBytes,
            WriteAmp = deviceBytes is { } d && userBytes > 0 ? (double)d / userBytes : null,
            EngineIo = io.ToDictionary(),
            LatencyMicros = h.Count == 0 ? [] : new Dictionary<string, double>
            {
                ["avg"] = h.Mean / 1000.0,
                ["p50"] = h.ValueAtPercentile(50) / 1000.0,
                ["p95"] = h.ValueAtPercentile(95) / 1000.0,
                ["p99"] = h.ValueAtPercentile(99) / 1000.0,
                ["p999"] = h.ValueAtPercentile(99.9) / 1000.0,
                ["max"] = h.Max / 1000.0,
            },
            Operations = h.Count == 0 ? [] : new Dictionary<string, OperationLatency> { ["ALL"] = OperationLatency.From(h) },
        };
    }
}
