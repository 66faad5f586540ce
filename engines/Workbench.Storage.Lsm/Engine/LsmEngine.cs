using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Lsm.Wal;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm;

/// <summary>
/// The native LSM engine: WAL (group commit) → memtables → L0 tables (background flush) → leveled
/// compaction, with a MANIFEST of version edits. See docs/engines-lsm.md and FORMAT.md.
///
/// This type is the facade and the read path: open (<see cref="LsmRecovery"/>) and close, point gets
/// (<see cref="PointLookup"/>), iterators, snapshots, metrics. Writes go through <see cref="WritePath"/>,
/// flushes and compactions through <see cref="BackgroundWork"/>; what they share, and the lock
/// order, is <see cref="DbState"/>. A value separator (Titan) plugs in as an <see cref="IValueSeparator"/>
/// and sees the engine only as its <see cref="IValueSeparatorHost"/>.
/// </summary>
public sealed partial class LsmEngine : IKvEngine, IValueSeparatorHost
{
    /// <summary>Format version written into the identity file (FORMAT.md); raise it when a file format changes incompatibly.</summary>
    internal const int FormatVersion = 1;

    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly ColumnFamilyState[] _cfs;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly VersionSet _versions;
    private readonly LruBlockCache _cache;
    private readonly LsmStatistics _stats = new();
    private readonly LsmStatsReport _report;
    private readonly TableCache _tables;
    private readonly ValueSeparatorPlugin? _plugin;
    /// <summary>The value-separation plug-in (titan), or null: the engine sees it only through <see cref="IValueSeparator"/>.</summary>
    private readonly IValueSeparator? _separator;
    private readonly DbState _s;
    private readonly WritePath _writes;
    private readonly BackgroundWork _background;

    internal LsmEngine(EngineOpenRequest request, LsmOptions options, ColumnFamilyOptions[] cfOptions, ValueSeparatorPlugin? separator = null)
    {
        _plugin = separator;
        _dir = FilePaths.Normalize(request.Directory);
        _fs = new CountingFileSystem(request.FileSystem);
        _fs.CreateDirectory(_dir);
        _cache = new LruBlockCache(options.BlockCacheSize, options.PoolBlockBuffers);
        _tables = new TableCache(_fs, _dir, _cache, _stats, options.TableReadMode);
        var n = request.ColumnFamilies.Count;
        _cfs = new ColumnFamilyState[n];
        _handles = new ColumnFamilyHandle[n];
        var names = new string[n];
        var levels = new int[n];
        for (var i = 0; i < n; i++)
        {
            names[i] = request.ColumnFamilies[i].Name;
            levels[i] = cfOptions[i].NumLevels;
            _handles[i] = new ColumnFamilyHandle(i, names[i], this);
            _cfs[i] = new ColumnFamilyState(i, names[i], cfOptions[i], new Memtable(0));
        }
        _versions = new VersionSet(_fs, _dir, names, levels, OnFileObsolete);
        _report = new LsmStatsReport(_cfs, _fs, _stats, _cache);
        try
        {
            // Before anything is read or written: the directory is ours (or new), not another engine's.
            EngineIdentity.Claim(_fs, _dir, Name, FormatVersion, _plugin?.OwnsFile ?? LsmEngineFactory.OwnsLsmFile);
            if (_plugin is not null)
            {
                // Before recovery, so WAL replay can separate values; its file numbers are reserved.
                _separator = _plugin.Create(this, _fs, _dir);
                _versions.MarkFileNumberUsed(_separator.Open());
            }
            var outputs = new TableOutputContext(_fs, _dir, _versions.NewFileNumber, _stats, _separator);
            _s = new DbState(this, _fs, _dir, options, _cfs, _versions, _stats, _tables, outputs, _separator);
            Recover();
            StartSeparator();
        }
        catch
        {
            _separator?.Dispose();
            _versions.Dispose();
            _tables.Dispose();
            throw;
        }
        _writes = new WritePath(_s);
        _background = new BackgroundWork(_s);
        _background.Start();
    }

    /// <inheritdoc/>
    public string Name => _plugin?.EngineName ?? "lsm";
    /// <inheritdoc/>
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    internal LsmStatistics Statistics => _stats;
    internal CountingFileSystem FileSystem => _fs;

    /// <summary>Recovery (<see cref="LsmRecovery"/>), then the first memtables and read views on the new log.</summary>
    private void Recover()
    {
        var r = new LsmRecovery(_fs, _dir, _cfs, _versions, _tables, _s.Outputs, _separator).Run();
        _s.Logs = new LogFiles(_fs, _dir, r.WalNumber, r.Wal);
        _s.LastSequence = r.LastSequence;
        foreach (var cf in _cfs)
        {
            cf.Mem = new Memtable(r.WalNumber, _s.MemtablePool);
            _s.InstallSuperVersion(cf);
        }
    }

    /// <summary>
    /// After recovery: the separator accounts the references of every table of the first version
    /// (including tables written from replayed GC rewrites) and starts its background work.
    /// </summary>
    private void StartSeparator()
    {
        if (_separator is null) return;
        var v = _versions.Current;
        var tables = new List<(long, TableProperties)>();
        for (var c = 0; c < _cfs.Length; c++)
            foreach (var level in v.Files[c])
                foreach (var f in level) tables.Add((f.Number, _tables.Get(f).Properties));
        _separator.Start(tables);
    }

    /// <summary>Called when no version lists a table any more: drop it from the caches and delete it.</summary>
    private void OnFileObsolete(FileMetadata f)
    {
        var disposed = _s?.Disposed ?? false; // during recovery the state may not exist yet
        if (!disposed) _separator?.OnTableObsolete(f.Number);
        _tables.Evict(f.Number);
        if (disposed) return;
        var path = FilePaths.Combine(_dir, FileNames.Table(f.Number));
        // Profiled (issue 21, deep 16 KB shape): unlinking compaction inputs took ~20% of the
        // background threads' time, and ran under the engine mutex (the last version reference is
        // usually dropped by an install), so writers switching memtables waited on it. Under the mutex
        // the deletion is queued for a background thread to do outside it. A reader that drops the
        // last reference (a get or an iterator releasing an old view) queues it too: unlinking a
        // 64 MiB table on the reader's thread was the slowest readwhilewriting get (45–90 ms of its
        // CPU; docs/measurements/lsm-under-pressure.md, "Memtable nodes in the arena"). The mutex is
        // taken only to append to the list; a reader holds no lock of the engine's here.
        if (_s is not null)
        {
            lock (_s.Mutex) _s.QueueObsoleteFile(path);
        }
        else FileDeletion.TryDelete(_fs, path);
    }

    internal TableReader GetTable(FileMetadata f) => _tables.Get(f);

    /// <summary>The value-separation plug-in, or null (tests reach Titan's state through it).</summary>
    internal IValueSeparator? ValueSeparator => _separator;

    private int CheckHandle(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return cf.Id;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_s.Disposed, this);

    /// <inheritdoc/>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        _writes.Write(batch, options);
    }

    /// <inheritdoc/>
    public void Flush()
    {
        ThrowIfDisposed();
        _writes.Flush();
    }

    /// <inheritdoc/>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        ThrowIfDisposed();
        var id = CheckHandle(cf);
        Flush();
        _background.CompactRange(id, range.Begin, range.End);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_s.Disposed) return;
        // As RocksDB's close (avoid_flush_during_shutdown = false): DisableWal writes exist only in
        // memtables, so flush them rather than lose them. A failed device or stopped engine: nothing to save.
        if (_s.UnflushedUnloggedMemtables() is not null)
        {
            try { Flush(); }
            catch (Exception e) when (e is IOException or StorageException or ObjectDisposedException) { }
        }
        _separator?.StopBackgroundWork();
        _background.Stop();
        _s.DeleteObsoleteFiles();
        _s.Disposed = true;
        lock (_s.Mutex)
        {
            try
            {
                _s.Logs.Dispose();
            }
            catch (IOException) { /* a failed device: nothing more to save */ }
            _versions.Dispose();
            _separator?.Dispose();
            _tables.Dispose();
        }
    }
}
