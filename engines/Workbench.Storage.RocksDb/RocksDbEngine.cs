using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using RocksDbSharp;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lifetime;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb.Identity;
using Workbench.Storage.RocksDb.Interop;
using Workbench.Storage.RocksDb.Metrics;
using Workbench.Storage.RocksDb.Options;
// Our contract types share names with RocksDbSharp's; inside this engine the bare names mean ours.
using ColumnFamilyHandle = Workbench.Storage.Contract.ColumnFamilyHandle;
using ReadOptions = Workbench.Storage.Contract.ReadOptions;
using WriteBatch = Workbench.Storage.Batch.WriteBatch;
using WriteOptions = Workbench.Storage.Contract.WriteOptions;

namespace Workbench.Storage.RocksDb;

/// <summary>
/// RocksDB 11.12 (the librocksdb bundled in the RocksDB NuGet package, namespace RocksDbSharp) behind
/// <see cref="IKvEngine"/>.
///
/// Which API where: options are built with the package's managed setters (open time only);
/// everything per operation calls its <see cref="Native"/> functions directly, because the managed
/// wrappers allocate on each call (Get returns a new byte[], iterator Key/Value copy into new
/// arrays, WriteBatch/Iterator/Snapshot are not SafeHandles, errors throw an untyped exception).
/// Hot path: a get is one <c>rocksdb_get_pinned_cf</c> and one copy of the pinned value into the
/// caller's buffer; a write converts our batch into a pooled native write batch (keys and values
/// passed as pointers into the caller's spans: no copy, no managed allocation per operation) and
/// issues one <c>rocksdb_write</c> with a pre-built write options object. Read and write options
/// objects are built once at open.
///
/// Threading: everything is safe for concurrent use (RocksDB is); the native write-batch pool is
/// lock-free. Lifetime: native objects are safe handles that reference their DB handle, so the DB
/// is closed only after the last column family handle, iterator and snapshot let go; Dispose
/// closes live iterators and snapshots first so the DB closes (and releases its LOCK) at once.
///
/// Failures: RocksDB statuses become typed exceptions (<see cref="RocksDbStatus"/>); an I/O error
/// on the write path, or in a background flush or compaction (<see cref="BackgroundErrorListener"/>),
/// latches the engine into refusing writes (<see cref="EngineWriteStoppedException"/>) until it is
/// reopened, as RocksDB itself stops writes after a background error.
/// </summary>
public sealed class RocksDbEngine : IKvEngine
{
    private const int BatchPoolSize = 8;

    private readonly string _name;
    private readonly string _directory;
    private readonly DbHandle _db;
    private readonly DbOptions _dbOptions; // owns the Statistics object the tickers come from
    private readonly ColumnFamilyHandle[] _handles;
    private readonly ColumnFamilyNativeHandle[] _cfs; // index = ColumnFamilyHandle.Id
    private readonly ColumnFamilyNativeHandle[] _undeclaredCfs; // on disk but not declared: opened because RocksDB requires it
    private readonly WriteOptionsHandle[] _writeOptions; // index = (sync ? 1 : 0) | (disableWal ? 2 : 0)
    private readonly ReadOptionsHandle _read;
    private readonly ReadOptionsHandle _readNoFillCache;
    private readonly FlushOptionsHandle _flushOptions;
    private readonly WriteBatchHandle?[] _batchPool = new WriteBatchHandle?[BatchPoolSize];
    private readonly LiveHandles _live = new(); // open iterators and snapshots, closed by Dispose
    private readonly TickerIoAccumulator _io = new();
    private readonly BackgroundErrorListener _backgroundErrors;
    private volatile Exception? _writeFailure; // a foreground write or flush I/O error; see also _backgroundErrors

    private RocksDbEngine(string name, string directory, DbHandle db, DbOptions dbOptions, BackgroundErrorListener backgroundErrors,
        List<string> declaredNames, ColumnFamilyNativeHandle[] cfs, ColumnFamilyNativeHandle[] undeclaredCfs)
    {
        _backgroundErrors = backgroundErrors;
        _name = name;
        _directory = directory;
        _db = db;
        _dbOptions = dbOptions;
        _cfs = cfs;
        _undeclaredCfs = undeclaredCfs;
        _handles = new ColumnFamilyHandle[declaredNames.Count];
        for (var i = 0; i < _handles.Length; i++) _handles[i] = new ColumnFamilyHandle(i, declaredNames[i], this);
        _writeOptions = new WriteOptionsHandle[4];
        var n = Native.Instance;
        for (var i = 0; i < _writeOptions.Length; i++)
        {
            var w = n.rocksdb_writeoptions_create();
            n.rocksdb_writeoptions_set_sync(w, (byte)(i & 1));
            n.rocksdb_writeoptions_disable_WAL(w, (i >> 1) & 1);
            _writeOptions[i] = RocksDbHandle.Wrap<WriteOptionsHandle>(w);
        }
        _read = CreateReadOptions(fillCache: true, snapshot: null);
        _readNoFillCache = CreateReadOptions(fillCache: false, snapshot: null);
        var f = n.rocksdb_flushoptions_create();
        n.rocksdb_flushoptions_set_wait(f, 1);
        _flushOptions = RocksDbHandle.Wrap<FlushOptionsHandle>(f);
    }

    /// <summary>Opens (creating if missing) the DB and the declared column families in <see cref="EngineOpenRequest.Directory"/>.</summary>
    public static RocksDbEngine Open(string name, EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RocksDbLibrary.EnsureLoaded();
        var context = $"engine '{name}': ";
        RocksDbOptionsBuilder.Validate(request.Options, context);
        RocksDbOptionsBuilder.ValidateDbWide(request.Options, context);
        foreach (var cf in request.ColumnFamilies) RocksDbOptionsBuilder.Validate(cf.Options, $"{context}column family '{cf.Name}': ");

        // RocksDB does its own file IO; the file system is only asked to create the directory so
        // that an in-memory or fault-injecting file system still records it.
        request.FileSystem.CreateDirectory(request.Directory);
        var directory = Path.GetFullPath(request.Directory);
        System.IO.Directory.CreateDirectory(directory);
        // Before RocksDB reads or writes anything: the directory is a RocksDB one (or new), not another
        // engine's (RocksDB would otherwise create a DB beside an lsm's CURRENT/MANIFEST/SSTs, or read
        // them). The identity file lives beside RocksDB's files on local disk, where RocksDB does its IO.
        EngineIdentity.Claim(LocalFileSystem.Instance, directory, RocksDbFileNames.IdentityName, RocksDbFileNames.IdentityFormatVersion, RocksDbFileNames.Owns);

        var cache = RocksDbOptionsBuilder.CreateBlockCache(request.Options);
        var dbOptions = RocksDbOptionsBuilder.CreateDbOptions(request.Options, cache);
        var backgroundErrors = BackgroundErrorListener.AddTo(dbOptions);
        var cfNames = new List<string>();
        var cfOptions = new List<ColumnFamilyOptions>();
        try
        {
            foreach (var cf in request.ColumnFamilies)
            {
                cfNames.Add(cf.Name);
                cfOptions.Add(RocksDbOptionsBuilder.CreateColumnFamilyOptions(cf.Options, cache));
            }
            var declared = cfNames.Count;
            // RocksDB must open every column family that exists, and always "default".
            foreach (var existing in ListColumnFamilies(dbOptions, directory))
                if (!cfNames.Contains(existing))
                {
                    cfNames.Add(existing);
                    cfOptions.Add(RocksDbOptionsBuilder.CreateColumnFamilyOptions(request.Options, cache));
                }
            if (!cfNames.Contains(ColumnFamilyDescriptor.Default))
            {
                cfNames.Add(ColumnFamilyDescriptor.Default);
                cfOptions.Add(RocksDbOptionsBuilder.CreateColumnFamilyOptions(request.Options, cache));
            }

            var optionPtrs = new nint[cfNames.Count];
            var handlePtrs = new nint[cfNames.Count];
            for (var i = 0; i < optionPtrs.Length; i++) optionPtrs[i] = cfOptions[i].Handle;
            // rocksdb_open_column_families copies every option object; they (finalizer-owned) only need to live until it returns.
            var dbPtr = Native.Instance.rocksdb_open_column_families(dbOptions.Handle, directory, cfNames.Count, [.. cfNames], optionPtrs, handlePtrs, out var err);
            GC.KeepAlive(cfOptions);
            GC.KeepAlive(cache);
            if (err != 0)
            {
                var status = RocksDbStatus.TakeString(err) ?? "unknown error";
                var e = RocksDbStatus.ToException(status, $"open of {directory}");
                if (e is ArgumentException) throw new EngineConfigException($"{context}RocksDB rejected the options: {status}", e);
                throw e;
            }
            var db = RocksDbHandle.Wrap<DbHandle>(dbPtr);
            backgroundErrors.Attach(db);
            var natives = new ColumnFamilyNativeHandle[cfNames.Count];
            for (var i = 0; i < natives.Length; i++) natives[i] = RocksDbHandle.Wrap<ColumnFamilyNativeHandle>(handlePtrs[i], db);
            return new RocksDbEngine(name, directory, db, dbOptions, backgroundErrors, cfNames.GetRange(0, declared), natives[..declared], natives[declared..]);
        }
        catch (RocksDbSharp.RocksDbException e)
        {
            throw RocksDbStatus.FromManaged(e, $"open of {directory}");
        }
    }

    private static List<string> ListColumnFamilies(DbOptions options, string directory)
    {
        var result = new List<string>();
        if (!File.Exists(Path.Combine(directory, "CURRENT"))) return result; // a new DB
        var list = Native.Instance.rocksdb_list_column_families(options.Handle, directory, out var count, out var err);
        RocksDbStatus.ThrowIfErrorMissingIsCorruption(err, $"listing the column families of {directory}"); // CURRENT exists: its MANIFEST must too
        try
        {
            for (var i = 0; i < (int)count; i++) result.Add(Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(list, i * IntPtr.Size)) ?? "");
        }
        finally
        {
            Native.Instance.rocksdb_list_column_families_destroy(list, count);
        }
        return result;
    }

    /// <inheritdoc/>
    public string Name => _name;
    /// <inheritdoc/>
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    /// <summary>The DB directory (absolute).</summary>
    public string Directory => _directory;

    /// <inheritdoc/>
    public unsafe bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var native = NativeCf(cf);
        var readOptions = ReadOptionsFor(options);
        var n = Native.Instance;
        nint slice, err;
        // The CF handle references the DB, so leasing it keeps the DB open for the call too.
        using (var c = new HandleLease(native))
        using (var r = new HandleLease(readOptions))
        fixed (byte* k = key)
            slice = n.rocksdb_get_pinned_cf(_db.DangerousGetHandle(), r.Pointer, c.Pointer, k, (nuint)key.Length, out err);
        RocksDbStatus.ThrowIfErrorMissingIsCorruption(err, "get"); // a missing SST or blob file of the current version
        if (slice == 0) return false;
        try
        {
            var data = n.rocksdb_pinnableslice_value(slice, out var length);
            NativeBytes.CopyTo(data, checked((int)length), value);
        }
        finally
        {
            n.rocksdb_pinnableslice_destroy(slice);
        }
        return true;
    }

    /// <inheritdoc/>
    public unsafe void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        if (WriteFailure is { } failure)
            throw new EngineWriteStoppedException($"rocksdb engine stopped accepting writes after an earlier I/O failure; reopen it ({failure.Message})", failure);
        options ??= WriteOptions.Default;
        var cfs = _cfs;
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)cfs.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {cfs.Length}", nameof(batch));
        var n = Native.Instance;
        var native = RentBatch();
        try
        {
            var b = native.DangerousGetHandle(); // owned by this call until returned to the pool
            foreach (var op in batch)
            {
                // put_cf copies key and value into the batch: the spans need to be pinned for the call only.
                using var c = new HandleLease(cfs[op.ColumnFamilyId]);
                fixed (byte* k = op.Key)
                {
                    if (op.Kind == WriteBatchOperationKind.Put)
                    {
                        fixed (byte* v = op.Value)
                            n.rocksdb_writebatch_put_cf(b, c.Pointer, k, (nuint)op.Key.Length, v, (nuint)op.Value.Length);
                    }
                    else
                    {
                        n.rocksdb_writebatch_delete_cf(b, c.Pointer, k, (nuint)op.Key.Length);
                    }
                }
            }
            nint err;
            using (var d = new HandleLease(_db))
            using (var w = new HandleLease(_writeOptions[(options.Sync ? 1 : 0) | (options.DisableWal ? 2 : 0)]))
                n.rocksdb_write(d.Pointer, w.Pointer, b, out err);
            if (err != 0)
            {
                var e = RocksDbStatus.ToException(RocksDbStatus.TakeString(err) ?? "unknown error", "write");
                // A background I/O error (e.g. a flush on a full disk) releases writers stalled behind it
                // with "Shutdown in progress" (BackgroundErrorListener): the background error is the cause.
                if (_backgroundErrors.Failure is { } background)
                    throw new EngineWriteStoppedException($"rocksdb stopped writes after a background I/O error; the engine refuses writes until reopened: {background.Message}", background);
                if (e is StorageIOException)
                {
                    _writeFailure = e;
                    throw new EngineWriteStoppedException($"rocksdb write failed with an I/O error; the engine refuses writes until reopened: {e.Message}", e);
                }
                throw e;
            }
        }
        finally
        {
            ReturnBatch(native);
        }
    }

    /// <inheritdoc/>
    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        var native = NativeCf(cf);
        var snapshot = SnapshotOf(options);
        var n = Native.Instance;
        var readOptions = n.rocksdb_readoptions_create();
        nint lower = 0, upper = 0, iterator = 0;
        var attached = false;
        try
        {
            n.rocksdb_readoptions_set_fill_cache(readOptions, options is null || options.FillCache ? (byte)1 : (byte)0);
            // RocksDB keeps pointers to the bound bytes: they live in unmanaged copies owned by the iterator handle.
            if (options?.LowerBound is { } lo)
            {
                lower = NativeBytes.AllocCopy(lo);
                n.rocksdb_readoptions_set_iterate_lower_bound(readOptions, lower, (nuint)lo.Length);
            }
            if (options?.UpperBound is { } up)
            {
                upper = NativeBytes.AllocCopy(up);
                n.rocksdb_readoptions_set_iterate_upper_bound(readOptions, upper, (nuint)up.Length);
            }
            var handle = new IteratorHandle();
            using (var c = new HandleLease(native))
            {
                if (snapshot is not null)
                {
                    using var s = new HandleLease(snapshot.Handle);
                    n.rocksdb_readoptions_set_snapshot(readOptions, s.Pointer);
                    iterator = n.rocksdb_create_iterator_cf(_db.DangerousGetHandle(), readOptions, c.Pointer);
                }
                else
                {
                    iterator = n.rocksdb_create_iterator_cf(_db.DangerousGetHandle(), readOptions, c.Pointer);
                }
                handle.Own(readOptions, lower, upper);
                handle.Attach(iterator, _db, snapshot?.Handle); // from here the handle frees all of them
                attached = true;
            }
            var result = new RocksDbIterator(this, handle);
            Track(result);
            return result;
        }
        catch when (!attached)
        {
            if (iterator != 0) n.rocksdb_iter_destroy(iterator);
            n.rocksdb_readoptions_destroy(readOptions);
            if (lower != 0) Marshal.FreeHGlobal(lower);
            if (upper != 0) Marshal.FreeHGlobal(upper);
            throw;
        }
    }

    /// <inheritdoc/>
    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        var n = Native.Instance;
        SnapshotHandle handle;
        long sequence;
        using (var d = new HandleLease(_db))
        {
            handle = RocksDbHandle.Wrap<SnapshotHandle>(n.rocksdb_create_snapshot(d.Pointer), _db);
            sequence = (long)n.rocksdb_get_latest_sequence_number(d.Pointer);
        }
        var snapshot = new RocksDbSnapshot(this, handle, CreateReadOptions(true, handle), CreateReadOptions(false, handle), sequence);
        Track(snapshot);
        return snapshot;
    }

    /// <inheritdoc/>
    public void Flush()
    {
        ThrowIfDisposed();
        var n = Native.Instance;
        foreach (var cf in _cfs)
        {
            nint err;
            using (var c = new HandleLease(cf))
            using (var f = new HandleLease(_flushOptions))
                n.rocksdb_flush_cf(_db.DangerousGetHandle(), f.Pointer, c.Pointer, out err);
            if (err == 0) continue;
            var e = RocksDbStatus.ToException(RocksDbStatus.TakeString(err) ?? "unknown error", "flush");
            if (e is StorageIOException) _writeFailure = e; // RocksDB stops writes after this too; latch so callers see it as such
            throw e;
        }
    }

    /// <inheritdoc/>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        var native = NativeCf(cf);
        var n = Native.Instance;
        nint start = 0, limit = 0;
        using var options = RocksDbHandle.Wrap<CompactOptionsHandle>(n.rocksdb_compactoptions_create());
        // kForceOptimized: also rewrite the bottommost level (drops deletes and overwritten versions),
        // but not files that this very compaction produced.
        n.rocksdb_compactoptions_set_bottommost_level_compaction(options.DangerousGetHandle(), 3);
        try
        {
            if (range.Begin is not null) start = NativeBytes.AllocCopy(range.Begin);
            if (range.End is not null) limit = NativeBytes.AllocCopy(range.End);
            using var c = new HandleLease(native);
            n.rocksdb_compact_range_cf_opt(_db.DangerousGetHandle(), c.Pointer, options.DangerousGetHandle(), start, (nuint)(range.Begin?.Length ?? 0), limit, (nuint)(range.End?.Length ?? 0));
        }
        finally
        {
            if (start != 0) Marshal.FreeHGlobal(start);
            if (limit != 0) Marshal.FreeHGlobal(limit);
        }
    }

    /// <inheritdoc/>
    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var statistics = StatisticsString();
        var tickers = TickerParser.Parse(statistics);
        var counters = new Dictionary<string, long>(tickers, StringComparer.Ordinal);
        foreach (var (property, counter) in IntProperties)
            if (TryGetIntProperty(property, out var v)) counters[counter] = v;
        // What the byte tickers miss (files finished, MANIFEST syncs, the info log): the harness
        // charges them as the page cache does (docs/measurements/attribution.md).
        var histograms = TickerParser.ParseHistogramCounts(statistics);
        foreach (var h in HistogramNames.Counted)
            if (histograms.TryGetValue(h, out var n)) counters[HistogramNames.CountOf(h)] = n;
        counters[InfoLogFiles.CounterName] = InfoLogFiles.Bytes(_directory);
        return new EngineMetrics(_io.Update(tickers), DirectorySize(_directory), counters);
    }

    private static readonly (string Property, string Counter)[] IntProperties =
    [
        (RocksDbPropertyNames.NumRunningCompactions, CounterNames.CompactionRunning),
        (RocksDbPropertyNames.NumRunningFlushes, CounterNames.FlushRunning),
        (RocksDbPropertyNames.EstimateNumKeys, CounterNames.EntriesEstimate),
        (RocksDbPropertyNames.LiveSstFilesSize, CounterNames.SstLiveBytes),
        (RocksDbPropertyNames.TotalBlobFileSize, CounterNames.BlobTotalBytes),
        (RocksDbPropertyNames.LiveBlobFileSize, CounterNames.BlobLiveBytes),
        (RocksDbPropertyNames.ActualDelayedWriteRate, CounterNames.StallDelayedWriteRate),
    ];

    /// <summary>All tickers of RocksDB's statistics object (name → count).</summary>
    public IReadOnlyDictionary<string, long> Tickers()
    {
        ThrowIfDisposed();
        return TickerParser.Parse(StatisticsString());
    }

    private string? StatisticsString()
    {
        using var d = new HandleLease(_db); // the statistics object lives as long as the DB uses it
        return _dbOptions.GetStatisticsString();
    }

    /// <summary>
    /// "stats" → <c>rocksdb.stats</c> of the default column family (DB-wide section included)
    /// followed by <c>rocksdb.cfstats</c> of every other declared one; any other name starting with
    /// "rocksdb." is passed to RocksDB for the default column family, or for column family
    /// <c>cf</c> when written <c>cf:rocksdb.name</c>; null for an unknown name.
    /// </summary>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        if (name == PropertyNames.Stats)
        {
            var sb = new StringBuilder();
            sb.Append(NativeProperty(null, RocksDbPropertyNames.Stats));
            foreach (var cf in _handles)
                if (cf.Name != ColumnFamilyDescriptor.Default)
                    sb.Append("** column family ").Append(cf.Name).AppendLine(" **").Append(NativeProperty(_cfs[cf.Id], RocksDbPropertyNames.Cfstats));
            return sb.ToString();
        }
        // The engine-neutral names db_bench's waitforcompaction polls (every engine answers them alike).
        if (name == PropertyNames.CompactionPending) return CompactionPending() ? "1" : "0";
        if (name == PropertyNames.PendingCompactionBytes) return SumOverColumnFamilies(RocksDbPropertyNames.EstimatePendingCompactionBytes).ToString(CultureInfo.InvariantCulture);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && name.AsSpan(colon + 1).StartsWith("rocksdb.", StringComparison.Ordinal))
        {
            var cfName = name[..colon];
            foreach (var cf in _handles)
                if (cf.Name == cfName) return NativeProperty(_cfs[cf.Id], name[(colon + 1)..]);
            return null;
        }
        return name.StartsWith("rocksdb.", StringComparison.Ordinal) ? NativeProperty(null, name) : null;
    }

    /// <summary>As db_bench's WaitForCompact: a flush or compaction is pending or running in any column family.</summary>
    private bool CompactionPending()
    {
        if (SumOverColumnFamilies(RocksDbPropertyNames.NumRunningCompactions) > 0 || SumOverColumnFamilies(RocksDbPropertyNames.NumRunningFlushes) > 0) return true;
        return SumOverColumnFamilies(RocksDbPropertyNames.CompactionPending) > 0 || SumOverColumnFamilies(RocksDbPropertyNames.MemTableFlushPending) > 0;
    }

    /// <summary>An integer property summed over the declared column families (DB-wide ones answer alike for each; summing still tests &gt; 0 right).</summary>
    private long SumOverColumnFamilies(string property)
    {
        long sum = 0;
        foreach (var cf in _handles)
            if (long.TryParse(NativeProperty(_cfs[cf.Id], property), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) sum += v;
        return sum;
    }

    private string? NativeProperty(ColumnFamilyNativeHandle? cf, string name)
    {
        using var d = new HandleLease(_db);
        if (cf is null) return RocksDbStatus.TakeString(Native.Instance.rocksdb_property_value(d.Pointer, name));
        using var c = new HandleLease(cf);
        return RocksDbStatus.TakeString(Native.Instance.rocksdb_property_value_cf(d.Pointer, c.Pointer, name));
    }

    private bool TryGetIntProperty(string name, out long value)
    {
        var text = NativeProperty(null, name);
        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_live.Close()) return; // closes open iterators and snapshots first
        _backgroundErrors.Detach();
        for (var i = 0; i < _batchPool.Length; i++) Interlocked.Exchange(ref _batchPool[i], null)?.Dispose();
        foreach (var w in _writeOptions) w.Dispose();
        _read.Dispose();
        _readNoFillCache.Dispose();
        _flushOptions.Dispose();
        foreach (var cf in _cfs) cf.Dispose();
        foreach (var cf in _undeclaredCfs) cf.Dispose();
        _db.Dispose(); // closes the DB now: every child above has released its reference
        // _dbOptions (finalizer-owned by the package) is freed when this engine is collected.
    }

    // ---- internals ----

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_live.IsClosed, this);

    /// <summary>The I/O error that stopped writes (foreground or background), or null.</summary>
    private Exception? WriteFailure => _writeFailure ?? _backgroundErrors.Failure;

    internal void Untrack(IDisposable d)
    {
        _live.Untrack(d);
    }

    private void Track(IDisposable d)
    {
        if (!_live.TryTrack(d)) ThrowIfDisposed();
    }

    private ColumnFamilyNativeHandle NativeCf(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return _cfs[cf.Id];
    }

    private RocksDbSnapshot? SnapshotOf(ReadOptions? options)
    {
        if (options?.Snapshot is null) return null;
        if (options.Snapshot is not RocksDbSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s;
    }

    private ReadOptionsHandle ReadOptionsFor(ReadOptions? options)
    {
        if (options is null) return _read;
        var snapshot = SnapshotOf(options);
        if (snapshot is null) return options.FillCache ? _read : _readNoFillCache;
        return options.FillCache ? snapshot.Read : snapshot.ReadNoFillCache;
    }

    private static ReadOptionsHandle CreateReadOptions(bool fillCache, SnapshotHandle? snapshot)
    {
        var n = Native.Instance;
        var r = n.rocksdb_readoptions_create();
        n.rocksdb_readoptions_set_fill_cache(r, fillCache ? (byte)1 : (byte)0);
        if (snapshot is not null) n.rocksdb_readoptions_set_snapshot(r, snapshot.DangerousGetHandle());
        return RocksDbHandle.Wrap<ReadOptionsHandle>(r, snapshot);
    }

    /// <summary>A cleared native batch from the pool (or a new one); lock-free, no managed allocation once warm.</summary>
    private WriteBatchHandle RentBatch()
    {
        var pool = _batchPool;
        for (var i = 0; i < pool.Length; i++)
            if (Volatile.Read(ref pool[i]) is not null && Interlocked.Exchange(ref pool[i], null) is { } b)
                return b;
        return RocksDbHandle.Wrap<WriteBatchHandle>(Native.Instance.rocksdb_writebatch_create());
    }

    private void ReturnBatch(WriteBatchHandle batch)
    {
        if (!_live.IsClosed && !batch.IsClosed)
        {
            Native.Instance.rocksdb_writebatch_clear(batch.DangerousGetHandle());
            var pool = _batchPool;
            for (var i = 0; i < pool.Length; i++)
                if (Interlocked.CompareExchange(ref pool[i], batch, null) is null)
                    return;
        }
        batch.Dispose();
    }

    private static long DirectorySize(string directory)
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // deleted by a compaction while we listed: no longer on disk
            }
        }
        return total;
    }
}
