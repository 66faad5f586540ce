using System.Buffers;
using System.Globalization;
using System.Text;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's state inside one LSM engine: the durable blob file set, the garbage tracker, counters,
/// value reads through BlobIndex, and the background GC thread. Thread-safe; the GC thread is the
/// only one that deletes blob files (after <see cref="BlobFileSet.Delete"/> made it durable).
/// </summary>
internal sealed class BlobStore : IDisposable
{
    private readonly IValueSeparatorHost _host;
    private readonly string _dir;
    private readonly object _gcLock = new();
    private readonly object _gcRunLock = new();
    /// <summary>
    /// GC inputs waiting to be deleted: until no snapshot at or below <c>GcSequence</c> exists, and
    /// until every memtable in <c>Unlogged</c> (DisableWal writes the GC's liveness decisions may
    /// have relied on) is flushed. Guarded by its own lock.
    /// </summary>
    private readonly List<(List<long> Files, long GcSequence, UnloggedWritesBarrier? Unlogged)> _pendingDeletes = [];
    private Thread? _gcThread;
    private bool _stopping;
    private bool _gcRequested;

    public BlobStore(IValueSeparatorHost engine, CountingFileSystem fs, string dir, TitanOptions options)
    {
        _host = engine;
        FileSystem = fs;
        _dir = dir;
        Options = options;
        SmallFiles = new SmallBlobFileThreshold(options);
        Files = BlobFileSet.Recover(fs, dir, options.BlobReadMode); // committed by the engine once its tables proved the listing complete
    }

    public TitanOptions Options { get; }
    public CountingFileSystem FileSystem { get; }
    public BlobFileSet Files { get; }
    public BlobGarbageTracker Tracker { get; } = new();
    /// <summary>Which blob files count as small for GC, learnt from the flushes' blob files.</summary>
    public SmallBlobFileThreshold SmallFiles { get; }
    public TitanStatistics Stats { get; } = new();
    private Exception? _gcError;

    /// <summary>The failure that stopped background GC, if any (set once by the GC thread).</summary>
    public Exception? GcError
    {
        get => Volatile.Read(ref _gcError);
        private set => Volatile.Write(ref _gcError, value);
    }

    public string PathOf(long number) => FilePaths.Combine(_dir, BlobFileFormat.FileName(number));

    public long NewFileNumber() => _host.NewFileNumber();

    /// <summary>The engine's last published sequence.</summary>
    public long LastSequence => _host.LastSequence;

    /// <summary>Per-thread scratch for GC liveness checks, so a check allocates nothing of its own.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_raw;

    /// <summary>GC's question: does the newest entry for the key still point at exactly this record?</summary>
    public bool IsBlobLive(int cf, ReadOnlySpan<byte> key, BlobIndex index)
    {
        var raw = t_raw ??= new ArrayBufferWriter<byte>();
        raw.ResetWrittenCount();
        var found = _host.TryGetLatestRaw(cf, key, raw, out var kind);
        return BlobRewriteBatch.IsCurrent(index, found, kind, raw.WrittenSpan);
    }

    /// <summary>
    /// Applies GC rewrites through the engine's write queue, synced like a synced user write (also
    /// when nothing is rewritten, so every write the GC's liveness decisions relied on is durable
    /// before the old blob files can be deleted). The write leader re-checks each key just before
    /// inserting; a key that moved on is skipped. Returns, per rewrite, whether it was applied;
    /// <paramref name="sequence"/> = last sequence after it.
    /// </summary>
    public bool[] WriteBlobRewrites(int cf, List<BlobRewrite> rewrites, out long sequence) =>
        _host.WriteRewrites(cf, new BlobRewriteBatch(rewrites), out sequence);

    /// <summary>After recovery: every file already known is sealed (its references are all in the SSTs now).</summary>
    public void SealAll()
    {
        foreach (var f in Files.Snapshot()) Tracker.Seal(f.Number);
    }

    /// <summary>Accounts the references of an SST that entered the LSM, sealing the blob files it points at.</summary>
    public void OnTableAdded(long sstNumber, TableProperties properties, string table)
    {
        var refs = BlobGarbageTracker.DecodeProperty(properties.All.GetValueOrDefault(BlobGarbageTracker.PropertyName), table);
        Tracker.AddTable(sstNumber, refs);
        foreach (var file in refs.Keys) Tracker.Seal(file);
    }

    public void OnTableRemoved(long sstNumber) => Tracker.RemoveTable(sstNumber);

    /// <summary>
    /// Reads the value a BlobIndex points at into <paramref name="value"/>. False when the blob file is
    /// no longer live (GC deleted it after rewriting the key): the caller re-reads the key.
    /// </summary>
    public bool TryReadValue(ReadOnlySpan<byte> userKey, BlobIndex index, IBufferWriter<byte> value, BlobReadAhead? readAhead)
    {
        var reader = Files.Acquire(index.FileNumber);
        if (reader is null) return false;
        try
        {
            reader.Read(index, userKey, value, readAhead);
        }
        finally
        {
            reader.Unref();
        }
        TitanStatistics.Add(ref Stats.BlobValuesRead, 1);
        TitanStatistics.Add(ref Stats.BlobBytesRead, index.Size);
        return true;
    }

    public void StartBackgroundGc()
    {
        if (!Options.BackgroundGc) return;
        _gcThread = new Thread(GcLoop) { IsBackground = true, Name = "titan-gc" };
        _gcThread.Start();
    }

    /// <summary>Wakes the GC thread (after a flush or compaction changed live sizes).</summary>
    public void RequestGc()
    {
        lock (_gcLock)
        {
            _gcRequested = true;
            Monitor.PulseAll(_gcLock);
        }
    }

    private void GcLoop()
    {
        while (true)
        {
            lock (_gcLock)
            {
                // Wakes on request, and every second to retry deletions held back by snapshots.
                if (!_gcRequested && !_stopping) Monitor.Wait(_gcLock, 1000);
                if (_stopping) return;
                _gcRequested = false;
            }
            try
            {
                while (!IsStopping && RunGcOnce()) { }
            }
            catch (Exception e) when (IsStopping && e is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // Any failure (IO, corruption, stopped writes, a bug): an exception escaping this
                // thread would kill the process. GC stops for good; the engine keeps serving, the
                // error shows in "stats", and a failed job's outputs are orphans deleted at the next open.
                GcError = e;
                return;
            }
        }
    }

    /// <summary>True once <see cref="StopGc"/> was called: a running job gives up (its outputs become orphans, deleted at the next open).</summary>
    public bool IsStopping
    {
        get { lock (_gcLock) return _stopping; }
    }

    /// <summary>
    /// One GC step: deletes old files no snapshot can still read, then runs one GC job if the picker
    /// finds work. Returns true when a job ran (so the caller may loop). Serialized by the caller
    /// (the GC thread, or a test with background GC off).
    /// </summary>
    public bool RunGcOnce()
    {
        lock (_gcRunLock) return RunGcOnceLocked();
    }

    private bool RunGcOnceLocked()
    {
        DeleteReleasedFiles();
        var busy = new HashSet<long>();
        lock (_pendingDeletes)
            foreach (var (files, _, _) in _pendingDeletes) busy.UnionWith(files);
        var picked = BlobGcPicker.Pick(Files.Snapshot(), Tracker, Options, busy, SmallFiles.For);
        if (picked.Count == 0) return false;
        var job = new BlobGcJob(this, picked);
        var gcSequence = job.Run();
        // Taken after the job's last rewrite: every write its decisions saw is in one of these memtables or already in a table.
        var unlogged = _host.UnloggedWrites();
        lock (_pendingDeletes) _pendingDeletes.Add((job.InputNumbers, gcSequence, unlogged));
        DeleteReleasedFiles();
        return true;
    }

    /// <summary>
    /// Deletes GC inputs once no snapshot at or below their GC's last sequence exists and the
    /// DisableWal writes they relied on are flushed. Any thread, also under the engine mutex (it
    /// takes only the snapshot list's, the pending list's, the file set's and the tracker's locks,
    /// none of which is held while the engine mutex is taken).
    /// </summary>
    public void DeleteReleasedFiles()
    {
        var oldest = _host.OldestSnapshotOrMax();
        List<long>? release = null;
        lock (_pendingDeletes)
        {
            for (var i = _pendingDeletes.Count - 1; i >= 0; i--)
            {
                var (files, gcSequence, unlogged) = _pendingDeletes[i];
                if (unlogged is not null && unlogged.Passed)
                {
                    unlogged = null;
                    _pendingDeletes[i] = (files, gcSequence, null); // do not pin flushed memtables while a snapshot holds the entry
                }
                // Strict, as Titan's GetObsoleteFiles: a reader whose snapshot equals the GC's sequence
                // may hold an older view (level merge and fallback move records without new sequences).
                if (gcSequence >= oldest || unlogged is not null) continue;
                (release ??= []).AddRange(_pendingDeletes[i].Files);
                _pendingDeletes.RemoveAt(i);
            }
        }
        if (release is null) return;
        Files.Delete(release);
        foreach (var f in release) Tracker.Forget(f);
        TitanStatistics.Add(ref Stats.GcFilesDeleted, release.Count);
    }

    public int PendingDeleteCount
    {
        get { lock (_pendingDeletes) return _pendingDeletes.Count; }
    }

    /// <summary>Counters for EngineMetrics (prefix "titan.").</summary>
    public void AddCounters(Dictionary<string, long> counters)
    {
        long data = 0, live = 0, size = 0;
        var files = Files.Snapshot();
        foreach (var f in files)
        {
            data += f.DataBytes;
            size += f.FileSize;
            live += Math.Min(Tracker.LiveBytes(f.Number), f.DataBytes);
        }
        counters[TitanCounterNames.BlobFiles] = files.Count;
        counters[TitanCounterNames.BlobFileBytes] = size;
        counters[TitanCounterNames.BlobLiveBytes] = live;
        counters[TitanCounterNames.BlobGarbageBytes] = data - live;
        counters[TitanCounterNames.BlobBytesWritten] = TitanStatistics.Get(ref Stats.BlobBytesWritten);
        counters[TitanCounterNames.BlobRecordsWritten] = TitanStatistics.Get(ref Stats.BlobRecordsWritten);
        counters[TitanCounterNames.LevelMergeRecords] = TitanStatistics.Get(ref Stats.LevelMergeRecords);
        counters[TitanCounterNames.LevelMergeBytesWritten] = TitanStatistics.Get(ref Stats.LevelMergeBytesWritten);
        counters[TitanCounterNames.BlobRecordsCompressed] = TitanStatistics.Get(ref Stats.BlobRecordsCompressed);
        counters[TitanCounterNames.BlobValueBytesBeforeCompression] = TitanStatistics.Get(ref Stats.BlobValueBytesBeforeCompression);
        counters[TitanCounterNames.BlobValuesRead] = TitanStatistics.Get(ref Stats.BlobValuesRead);
        counters[TitanCounterNames.GcRuns] = TitanStatistics.Get(ref Stats.GcRuns);
        counters[TitanCounterNames.GcBytesRead] = TitanStatistics.Get(ref Stats.GcBytesRead);
        counters[TitanCounterNames.GcBytesWritten] = TitanStatistics.Get(ref Stats.GcBytesWritten);
        counters[TitanCounterNames.GcRecordsRewritten] = TitanStatistics.Get(ref Stats.GcRecordsRewritten);
        counters[TitanCounterNames.GcRecordsDropped] = TitanStatistics.Get(ref Stats.GcRecordsDropped);
        counters[TitanCounterNames.GcFilesDeleted] = TitanStatistics.Get(ref Stats.GcFilesDeleted);
        counters[TitanCounterNames.FallbackValuesInlined] = TitanStatistics.Get(ref Stats.FallbackValuesInlined);
    }

    /// <summary>The Titan section of the "stats" property.</summary>
    public string StatsText(long lsmBytes)
    {
        var c = new Dictionary<string, long>();
        AddCounters(c);
        var sb = new StringBuilder();
        sb.Append("\n** Titan (blob files) **\n");
        sb.Append(CultureInfo.InvariantCulture, $"mode {Options.Mode}, min_blob_size {Options.MinBlobSize}, discardable_ratio {Options.BlobFileDiscardableRatio}\n");
        sb.Append(CultureInfo.InvariantCulture, $"blob files: {c[TitanCounterNames.BlobFiles]}, {c[TitanCounterNames.BlobFileBytes] / 1048576.0:F1} MB on disk, live {c[TitanCounterNames.BlobLiveBytes] / 1048576.0:F1} MB, garbage {c[TitanCounterNames.BlobGarbageBytes] / 1048576.0:F1} MB\n");
        var logical = lsmBytes + c[TitanCounterNames.BlobLiveBytes];
        var sa = logical > 0 ? (double)(lsmBytes + c[TitanCounterNames.BlobFileBytes]) / logical : 0;
        sb.Append(CultureInfo.InvariantCulture, $"space amplification (sst + blob files) / (sst + live blob): {sa:F2}\n");
        sb.Append(CultureInfo.InvariantCulture, $"blob bytes written (flush/compaction): {c[TitanCounterNames.BlobBytesWritten] / 1048576.0:F1} MB in {c[TitanCounterNames.BlobRecordsWritten]} records\n");
        if (Options.Compression != BlobCompression.None)
            sb.Append(CultureInfo.InvariantCulture, $"compression {Options.Compression} level {Options.CompressionLevel}: {c[TitanCounterNames.BlobRecordsCompressed]} of {c[TitanCounterNames.BlobRecordsWritten]} records compressed; the separated values were {c[TitanCounterNames.BlobValueBytesBeforeCompression] / 1048576.0:F1} MB before compression\n");
        sb.Append(CultureInfo.InvariantCulture, $"GC: {c[TitanCounterNames.GcRuns]} runs, read {c[TitanCounterNames.GcBytesRead] / 1048576.0:F1} MB, wrote {c[TitanCounterNames.GcBytesWritten] / 1048576.0:F1} MB, rewrote {c[TitanCounterNames.GcRecordsRewritten]} records, dropped {c[TitanCounterNames.GcRecordsDropped]} stale copies, deleted {c[TitanCounterNames.GcFilesDeleted]} files, {PendingDeleteCount} batches waiting for snapshots or flushes\n");
        sb.Append(CultureInfo.InvariantCulture, $"blob values read: {c[TitanCounterNames.BlobValuesRead]}; fallback values inlined: {c[TitanCounterNames.FallbackValuesInlined]}\n");
        if (GcError is not null) sb.Append("GC stopped after error: ").Append(GcError.Message).Append('\n');
        return sb.ToString();
    }

    /// <summary>Stops the GC thread (waits for a running job to finish its step).</summary>
    public void StopGc()
    {
        lock (_gcLock)
        {
            _stopping = true;
            Monitor.PulseAll(_gcLock);
        }
        _gcThread?.Join();
    }

    public void Dispose()
    {
        StopGc();
        Files.Dispose();
    }
}
