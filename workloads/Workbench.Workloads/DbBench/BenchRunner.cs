using System.Buffers;
using System.Diagnostics;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Workbench.Workloads.Layers;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.DbBench;

/// <summary>
/// Runs db_bench-style benchmarks through the engine contract and measures each: throughput (overall
/// and per second), per-operation latency histogram, user bytes written, device bytes written
/// (/proc/self/io, after flushing the engine so WA is not flattered), the engine's own IO breakdown,
/// and space amplification against the logical live bytes. Operations of a benchmark are split
/// evenly across threads. One runner runs one sequence; not thread-safe itself.
/// </summary>
public sealed class BenchRunner
{
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly BenchOptions _o;
    private readonly EngineRegistry _registry;
    private readonly LiveKeySet _live;
    private EngineConfig _config; // the engine as opened: the options given plus the equal settings
    private IKvEngine? _engine;
    private TxnLayer? _txn; // layer txn: owns the engine (_engine is its store's engine)
    private string _directory = "";
    private bool _temporary;
    private int _benchmarkOrdinal;

    /// <summary>Validates <paramref name="options"/> (<see cref="BenchOptionsException"/> naming the first bad one); opens nothing until run.</summary>
    public BenchRunner(BenchOptions options, EngineRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        Validate(options);
        _o = options;
        _registry = registry;
        _config = options.Engine;
        _live = new LiveKeySet(options.Num);
    }

    /// <summary>What the runner is doing, for a progress display polled from another thread.</summary>
    public BenchProgress Progress { get; } = new();

    /// <summary>Number of benchmarks this run will execute.</summary>
    public int BenchmarkCount => _o.Benchmarks.Count;

    /// <summary>Runs every benchmark in order, handing each result to <paramref name="onResult"/> as it completes.</summary>
    public IReadOnlyList<BenchResult> Run(Action<BenchResult>? onResult = null)
    {
        // Validate the engine config before touching the disk.
        _registry.CreateRequest(_o.Engine, "unused", LocalFileSystem.Instance, [ColumnFamilyDescriptor.Default]);
        if (_o.EqualSettings) _config = EqualSettings.Apply(_o.Engine, _registry.GetFactory(_o.Engine.Name));
        var temporary = _o.Db is null;
        _temporary = temporary;
        _directory = _o.Db ?? Path.Combine(Path.GetTempPath(), $"workbench-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        // Layer txn keeps a TSO and three CFs beside the engine's files: it takes only an empty (or new)
        // --db directory, which then holds only this run's data: fill benchmarks empty it whole (it stays afterwards).
        if (!temporary && _o.TxnLayer)
        {
            if (Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any())
                throw new BenchOptionsException($"--layer txn needs an empty --db directory; '{_directory}' holds files");
            _temporary = true;
        }
        var results = new List<BenchResult>();
        try
        {
            foreach (var name in _o.Benchmarks)
            {
                if (!BenchmarkNames.TryParse(name, out var kind))
                    throw new BenchOptionsException($"unknown benchmark '{name}'; known: {string.Join(", ", BenchmarkNames.All)}");
                if (kind.StartsFresh() && !_o.UseExistingDb) OpenFresh();
                else if (_engine is null) OpenExisting();
                var r = RunOne(kind);
                results.Add(r);
                onResult?.Invoke(r);
            }
        }
        finally
        {
            CloseStore();
            if (temporary && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        return results;
    }

    /// <summary>Benchmarks that run at layer txn (the ones go-ycsb's txn mode has an operation for).</summary>
    public static readonly IReadOnlyList<string> TxnBenchmarks = ["fillrandom", "overwrite", "readrandom", "seekrandom", "waitforcompaction"];

    /// <summary>Largest --num: 2^33 keys (a 1 GiB live-key bitmap).</summary>
    public const long MaxNum = 1L << 33;

    private static void Validate(BenchOptions o)
    {
        if (o.Num < 1) throw new BenchOptionsException("--num must be at least 1");
        // The live-key bitmap takes num/8 bytes and one array holds at most Array.MaxLength words;
        // beyond this the run could not even start (and key arithmetic would overflow long before).
        if (o.Num > MaxNum) throw new BenchOptionsException($"--num {o.Num} is too large: at most {MaxNum} (the live-key bitmap alone would take {o.Num / 8 / (1 << 20)} MiB)");
        if (o.Reads > MaxNum) throw new BenchOptionsException($"--reads {o.Reads} is too large: at most {MaxNum}");
        if (o.KeySize < 1 || o.KeySize > WriteBatch.MaxKeySize) throw new BenchOptionsException($"--key-size must be in [1, {WriteBatch.MaxKeySize}]");
        if (o.KeySize < 8 && o.Num > 1L << (8 * o.KeySize)) throw new BenchOptionsException($"--key-size {o.KeySize} cannot hold {o.Num} distinct keys");
        if (o.ValueSize < 0 || o.ValueSize > WriteBatch.MaxValueSize) throw new BenchOptionsException("--value-size out of range");
        if (o.Threads < 1) throw new BenchOptionsException("--threads must be at least 1");
        if (o.BatchSize < 1) throw new BenchOptionsException("--batch-size must be at least 1");
        if (!(o.CompressionRatio > 0 && o.CompressionRatio <= 1)) throw new BenchOptionsException($"--compression-ratio must be in (0, 1], got {o.CompressionRatio}");
        if (o.WarmupReads < 0) throw new BenchOptionsException($"--warmup-reads must be at least 0, got {o.WarmupReads}");
        if (o.SlowOps < 0 || o.SlowOps > 10_000) throw new BenchOptionsException($"--slow-ops must be in [0, 10000], got {o.SlowOps}");
        if (o.Benchmarks.Count == 0) throw new BenchOptionsException("--benchmarks names no benchmark");
        if (o.TxnLayer)
        {
            var bad = o.Benchmarks.Where(b => !TxnBenchmarks.Contains(b)).ToList();
            if (bad.Count > 0) throw new BenchOptionsException($"--layer txn cannot run {string.Join(", ", bad)}: it runs {string.Join(", ", TxnBenchmarks)}");
            if (o.UseExistingDb) throw new BenchOptionsException("--layer txn starts from an empty directory: --use-existing-db applies to --layer engine");
            if (o.BatchSize != 1) throw new BenchOptionsException("--layer txn runs one operation per transaction: --batch-size applies to --layer engine");
        }
    }

    private void CloseStore()
    {
        if (_txn is not null) _txn.Dispose();
        else _engine?.Dispose();
        _txn = null;
        _engine = null;
    }

    private void OpenFresh()
    {
        CloseStore();
        // Our own temporary directory goes whole; a --db directory loses only the engine's files,
        // as db_bench's DestroyDB, and one holding anything else is refused (never delete on doubt).
        if (_temporary)
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        else EngineFiles.Destroy(LocalFileSystem.Instance, _directory, _registry.GetFactory(_config.Name));
        _live.Clear();
        OpenExisting();
    }

    private void OpenExisting()
    {
        Directory.CreateDirectory(_directory);
        if (_o.TxnLayer)
        {
            _txn = TxnLayer.Open(_registry, _config, _directory, new TxnClientOptions { AsyncCommit = _o.AsyncCommit, OnePc = _o.OnePc, Seed = _o.Seed });
            _engine = _txn.Engine;
            return;
        }
        _engine = _registry.Open(_config, _directory, LocalFileSystem.Instance, [ColumnFamilyDescriptor.Default]);
    }

    private BenchResult RunOne(BenchmarkKind kind)
    {
        var engine = _engine!;
        // Like db_bench, every benchmark's threads draw from fresh seeds, so a read benchmark does not
        // replay the key sequence the preceding write benchmark used (it would find every key).
        var seedBase = _o.Seed + 1000 * _benchmarkOrdinal++;
        var measuredOps = kind == BenchmarkKind.WaitForCompaction ? 0 : kind.Writes() && kind != BenchmarkKind.ReadWhileWriting ? _o.Num : _o.ReadCount;
        Progress.Begin(kind.ToName(), measuredOps);
        if (kind is BenchmarkKind.ReadRandom or BenchmarkKind.ReadWhileWriting && _txn is null) WarmUp(engine, seedBase + 777);
        var io = IoWindow.Open(engine);
        var series = new ThroughputSeries();
        var workers = new Worker[_o.Threads];
        for (var t = 0; t < workers.Length; t++)
        {
            var from = measuredOps * t / workers.Length;
            var to = measuredOps * (t + 1) / workers.Length;
            workers[t] = new Worker(this, engine, kind, from, to, seedBase + t, series);
        }
        Worker? writer = kind == BenchmarkKind.ReadWhileWriting
            ? new Worker(this, engine, BenchmarkKind.Overwrite, 0, long.MaxValue, seedBase + 999, null)
            : null;

        var threads = workers.Select(w => new Thread(w.Run) { IsBackground = true, Name = "bench-worker" }).ToList();
        Thread? writerThread = writer is null ? null : new Thread(writer.Run) { IsBackground = true, Name = "bench-writer" };
        if (writerThread is not null)
        {
            // readwhilewriting measures reads while writes run: readers start once the writer has written.
            writerThread.Start();
            WaitHandle.WaitAny([writer!.Writing.WaitHandle, writer.Finished.WaitHandle]);
        }
        series.Start();
        var gc = GcWindow.Open();
        var start = Stopwatch.GetTimestamp();
        if (_o.SlowOps > 0)
            foreach (var w in workers) w.Slow = new SlowOpRecorder(_o.SlowOps, start);
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var gcFigures = gc.Close();
        if (writer is not null)
        {
            writer.Stop();
            writerThread!.Join();
        }
        foreach (var w in workers.Append(writer))
            if (w?.Failure is { } failure) throw new InvalidOperationException($"{kind.ToName()} failed: {failure.Message}", failure);

        // Async-commit secondaries commit in the background: their bytes belong to this benchmark.
        _txn?.Client.WaitForBackgroundWork(TimeSpan.FromSeconds(60));
        if (kind.Writes()) engine.Flush(); // outside the timed region, but inside the device-bytes window
        // The compaction debt the phase left belongs to it (as db_bench's waitforcompaction), not to
        // whatever runs next: also outside the timed region, inside the device-bytes window.
        CompactionWaitResult? wait = null;
        if (kind == BenchmarkKind.WaitForCompaction || (kind.Writes() && _o.WaitForCompaction))
        {
            Progress.Begin(kind == BenchmarkKind.WaitForCompaction ? "waitforcompaction" : kind.ToName() + " (waiting for compaction)", 0);
            wait = CompactionWait.Wait(engine, _o.CompactionWaitBound);
            if (kind == BenchmarkKind.WaitForCompaction) elapsed = wait.Seconds;
        }

        var hist = new LatencyHistogram();
        long ops = 0, found = 0, userBytes = 0;
        foreach (var w in workers)
        {
            hist.Add(w.Histogram);
            ops += w.Ops;
            found += w.Found;
            userBytes += w.UserBytes;
        }
        if (writer is not null) userBytes += writer.UserBytes;

        string? txnSummary = null;
        Dictionary<string, long>? txnBytes = null;
        if (_txn is not null)
        {
            long retries = 0, gaveUp = 0;
            foreach (var w in workers)
            {
                retries += w.Retries;
                gaveUp += w.GaveUp;
            }
            txnBytes = [];
            txnSummary = _txn.DescribeAndReset(retries, gaveUp, userBytes, txnBytes);
        }

        var liveBytes = _live.Count * (long)(_o.KeySize + _o.ValueSize);
        var measured = io.Close(userBytes, liveBytes);
        return new BenchResult
        {
            Engine = _o.Engine.Name,
            EngineOptions = new Dictionary<string, string>(_config.OptionsOrEmpty),
            Benchmark = kind.ToName(),
            Num = _o.Num,
            KeySize = _o.KeySize,
            ValueSize = _o.ValueSize,
            Threads = _o.Threads,
            BatchSize = _o.BatchSize,
            Sync = _o.Sync,
            CompressionRatio = _o.CompressionRatio,
            Ops = ops,
            Found = kind is BenchmarkKind.ReadRandom or BenchmarkKind.ReadWhileWriting or BenchmarkKind.SeekRandom or BenchmarkKind.ReadSeq ? found : null,
            Seconds = elapsed,
            OpsPerSec = elapsed > 0 ? ops / elapsed : 0,
            UserBytesWritten = userBytes,
            DeviceBytesWritten = measured.DeviceBytesWritten,
            DeviceCancelledWriteBytes = measured.DeviceCancelledWriteBytes,
            WriteAmp = measured.WriteAmp,
            EngineWriteAmp = measured.EngineWriteAmp,
            SpaceAmp = measured.SpaceAmp,
            DiskBytes = measured.Metrics.DiskBytes,
            LiveBytes = liveBytes,
            LatencyMicros = LatencySummary.Micros(hist),
            EngineIo = measured.EngineIo,
            ThroughputSeries = series.PerSecond(),
            EngineCounters = new Dictionary<string, long>(measured.Metrics.Counters),
            EngineStats = engine.GetProperty("stats"),
            Gc = gcFigures,
            CompactionWaitSeconds = wait?.Seconds,
            CompactionSettled = wait?.Settled,
            PendingCompactionBytes = wait?.PendingCompactionBytes,
            PeakRssBytes = PeakResidentBytes(),
            Histogram = hist,
            Layer = _txn is null ? "engine" : "txn",
            TxnBytes = txnBytes,
            TxnSummary = txnSummary,
            SlowOps = _o.SlowOps > 0 ? SlowOpRecorder.Merge(workers.Select(w => w.Slow!), _o.SlowOps) : null,
        };
    }

    /// <summary>
    /// <see cref="BenchOptions.WarmupReads"/> untimed lookups, before the benchmark's windows open:
    /// the first gets of a process JIT the engine's read path (15 methods, 7.5 ms for the lsm's first
    /// get after a fill; docs/measurements/lsm-under-pressure.md, "Read max latency").
    /// </summary>
    private void WarmUp(IKvEngine engine, int seed)
    {
        if (_o.WarmupReads == 0) return;
        var cf = engine.ColumnFamilies[0];
        var rng = new BenchRandom((ulong)seed);
        var key = new byte[_o.KeySize];
        var value = new ArrayBufferWriter<byte>(Math.Max(16, _o.ValueSize));
        for (var i = 0; i < _o.WarmupReads; i++)
        {
            DbBenchKeys.Write(rng.NextBelow(_o.Num), key);
            value.ResetWrittenCount();
            engine.TryGet(cf, key, value);
        }
    }

    /// <summary>
    /// The process's peak resident set so far (VmHWM on Linux); null where it reads as 0 (not reported).
    /// The kernel reports VmHWM as the larger of its recorded high-water mark and the current RSS,
    /// whose per-CPU counters are summed approximately, so two readings can go down by a few pages;
    /// the largest reading of this run is kept, so a later benchmark never reports a smaller peak.
    /// </summary>
    private long? PeakResidentBytes()
    {
        using var self = Process.GetCurrentProcess();
        var peak = self.PeakWorkingSet64;
        if (peak <= 0) return null;
        _peakResident = Math.Max(_peakResident, peak);
        return _peakResident;
    }

    private long _peakResident; // the largest VmHWM read so far (the benchmarks run one after another)

    /// <summary>One benchmark thread: its own generator, buffers and histogram, so the loop allocates nothing.</summary>
    private sealed class Worker(BenchRunner runner, IKvEngine engine, BenchmarkKind kind, long from, long to, int seed, ThroughputSeries? series)
    {
        private volatile bool _stop;

        /// <summary>Set after the first write batch is applied.</summary>
        public ManualResetEventSlim Writing { get; } = new();

        /// <summary>Set when <see cref="Run"/> returns, normally or not.</summary>
        public ManualResetEventSlim Finished { get; } = new();

        public LatencyHistogram Histogram { get; } = new();
        public long Ops { get; private set; }
        public long Found { get; private set; }
        public long UserBytes { get; private set; }
        public Exception? Failure { get; private set; }

        /// <summary>Layer txn: operations that met a conflict and ran again as new transactions, and those given up.</summary>
        public long Retries { get; private set; }
        public long GaveUp { get; private set; }

        /// <summary>With --slow-ops: this worker's slowest operations (set before the worker starts).</summary>
        public SlowOpRecorder? Slow { get; set; }

        public void Stop() => _stop = true;

        public void Run()
        {
            try
            {
                if (runner._txn is { } txn)
                {
                    RunTxn(txn.Client);
                    return;
                }
                switch (kind)
                {
                    case BenchmarkKind.FillSeq or BenchmarkKind.FillRandom or BenchmarkKind.Overwrite or BenchmarkKind.DeleteRandom:
                        Write();
                        break;
                    case BenchmarkKind.ReadRandom or BenchmarkKind.ReadWhileWriting:
                        ReadRandom();
                        break;
                    case BenchmarkKind.ReadSeq:
                        ReadSeq();
                        break;
                    case BenchmarkKind.SeekRandom:
                        SeekRandom();
                        break;
                }
            }
            catch (Exception e)
            {
                Failure = e;
            }
            finally
            {
                Finished.Set();
            }
        }

        private void Record(long t0, long t1, long ops)
        {
            var nanos = (long)((t1 - t0) * NanosPerTick);
            Histogram.Record(nanos);
            series?.Record(t1, ops);
            runner.Progress.Add(series is null ? 0 : ops);
            Ops += ops;
        }

        private void Write()
        {
            var o = runner._o;
            var cf = engine.ColumnFamilies[0];
            var rng = new BenchRandom((ulong)seed);
            var values = new ValueSource(seed, o.ValueSize, o.CompressionRatio);
            var key = new byte[o.KeySize];
            var wopts = o.Sync ? WriteOptions.Synced : WriteOptions.Default;
            using var batch = new WriteBatch(o.BatchSize * (o.KeySize + o.ValueSize + 16));
            for (var i = from; i < to && !_stop; i += o.BatchSize)
            {
                batch.Clear();
                var n = Math.Min(o.BatchSize, to - i);
                for (var j = 0; j < n; j++)
                {
                    var k = kind == BenchmarkKind.FillSeq ? i + j : rng.NextBelow(o.Num);
                    DbBenchKeys.Write(k, key);
                    if (kind == BenchmarkKind.DeleteRandom)
                    {
                        batch.Delete(cf, key);
                        runner._live.Remove(k);
                    }
                    else
                    {
                        batch.Put(cf, key, values.Next(o.ValueSize));
                        runner._live.Add(k);
                    }
                }
                Slow?.Begin();
                var t0 = Stopwatch.GetTimestamp();
                engine.Write(batch, wopts);
                var t1 = Stopwatch.GetTimestamp();
                Slow?.End(t0, t1, i - from);
                Record(t0, t1, n);
                UserBytes += batch.UserBytes;
                if (!Writing.IsSet) Writing.Set();
            }
        }

        private void ReadRandom()
        {
            var o = runner._o;
            var cf = engine.ColumnFamilies[0];
            var rng = new BenchRandom((ulong)seed);
            var key = new byte[o.KeySize];
            var value = new ArrayBufferWriter<byte>(Math.Max(16, o.ValueSize));
            for (var i = from; i < to; i++)
            {
                DbBenchKeys.Write(rng.NextBelow(o.Num), key);
                value.ResetWrittenCount();
                Slow?.Begin();
                var t0 = Stopwatch.GetTimestamp();
                if (engine.TryGet(cf, key, value)) Found++;
                var t1 = Stopwatch.GetTimestamp();
                Slow?.End(t0, t1, i - from);
                Record(t0, t1, 1);
            }
        }

        private void ReadSeq()
        {
            var cf = engine.ColumnFamilies[0];
            using var it = engine.NewIterator(cf);
            it.SeekToFirst();
            long bytes = 0;
            for (var i = from; i < to && it.Valid; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                bytes += it.Key.Length + it.Value.Length;
                it.Next();
                Found++;
                Record(t0, Stopwatch.GetTimestamp(), 1);
            }
            GC.KeepAlive(bytes);
        }

        private void SeekRandom()
        {
            var o = runner._o;
            var cf = engine.ColumnFamilies[0];
            var rng = new BenchRandom((ulong)seed);
            var key = new byte[o.KeySize];
            using var it = engine.NewIterator(cf);
            long bytes = 0;
            for (var i = from; i < to; i++)
            {
                DbBenchKeys.Write(rng.NextBelow(o.Num), key);
                var t0 = Stopwatch.GetTimestamp();
                it.Seek(key);
                if (it.Valid && it.Key.SequenceEqual(key)) Found++;
                for (var j = 0; j < o.SeekNexts && it.Valid; j++)
                {
                    bytes += it.Value.Length;
                    it.Next();
                }
                Record(t0, Stopwatch.GetTimestamp(), 1);
            }
            GC.KeepAlive(bytes);
        }

        // Layer txn, as go-ycsb's txn mode: one transaction per operation; a conflict runs the
        // operation again as a new transaction (at most TxnLayer.MaxAttempts times). This path
        // allocates per operation (keys and values the transaction keeps); the engine path above does not.
        private void RunTxn(TxnClient client)
        {
            var o = runner._o;
            var rng = new BenchRandom((ulong)seed);
            var values = new ValueSource(seed, o.ValueSize, o.CompressionRatio);
            var scanLimit = Math.Max(1, o.SeekNexts);
            long bytes = 0;
            for (var i = from; i < to && !_stop; i++)
            {
                var k = rng.NextBelow(o.Num);
                var key = new byte[o.KeySize];
                DbBenchKeys.Write(k, key);
                var value = kind.Writes() ? values.Next(o.ValueSize).ToArray() : null;
                var t0 = Stopwatch.GetTimestamp();
                for (var attempt = 1; ; attempt++)
                {
                    using var t = client.Begin();
                    try
                    {
                        var found = false;
                        if (value is not null) t.Set(key, value);
                        else if (kind == BenchmarkKind.SeekRandom)
                        {
                            var rows = t.Scan(key, null, scanLimit);
                            found = rows.Count > 0 && rows[0].Key.AsSpan().SequenceEqual(key);
                            foreach (var row in rows) bytes += row.Value.Length;
                        }
                        else found = t.Get(key) is not null;
                        t.Commit();
                        if (found) Found++;
                        if (value is not null)
                        {
                            runner._live.Add(k);
                            UserBytes += key.Length + value.Length;
                        }
                        break;
                    }
                    catch (Exception e) when (e is WriteConflictException or TxnAbortedException)
                    {
                        if (attempt >= TxnLayer.MaxAttempts)
                        {
                            GaveUp++;
                            break;
                        }
                        Retries++;
                    }
                }
                Record(t0, Stopwatch.GetTimestamp(), 1);
                if (value is not null && !Writing.IsSet) Writing.Set();
            }
            GC.KeepAlive(bytes);
        }
    }
}
