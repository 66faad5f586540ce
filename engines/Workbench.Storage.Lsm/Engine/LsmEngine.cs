namespace Workbench.Storage.Lsm;

/// <summary>
/// The native LSM engine: WAL (group commit) → memtables → L0 tables (background flush) → leveled
/// compaction, with a MANIFEST of version edits. See docs/engines-lsm.md and FORMAT.md.
///
/// Locks (acquire in this order, never the reverse): the writer lock (write queue, group commit),
/// the engine mutex <see cref="_mutex"/> (column-family state, version set, background work,
/// WAL switching), the super-version lock (publishing and acquiring read views), the snapshot lock.
/// Readers take only the super-version lock briefly and otherwise run lock-free.
/// </summary>
public sealed partial class LsmEngine : IKvEngine, IValueSeparatorHost
{
    /// <summary>Format version written into the identity file (FORMAT.md); raise it when a file format changes incompatibly.</summary>
    internal const int FormatVersion = 1;

    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly LsmOptions _options;
    private readonly ColumnFamilyState[] _cfs;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly VersionSet _versions;
    private readonly LruBlockCache _cache;
    private readonly LsmStatistics _stats = new();
    private readonly LsmStatsReport _report;
    private readonly TableCache _tables;
    private readonly TableOutputContext _outputs;
    private readonly ValueSeparatorPlugin? _plugin;
    /// <summary>The value-separation plug-in (titan), or null: the engine sees it only through <see cref="IValueSeparator"/>.</summary>
    private readonly IValueSeparator? _separator;
    private readonly object _mutex = new();
    private readonly Lock _svLock = new();
    private readonly Thread[] _background;
    private readonly PointLookup _lookup;
    private LogFiles _logs = null!;
    private long _lastSequence;
    private Exception? _bgError;
    private bool _shuttingDown;
    private volatile bool _disposed;

    internal LsmEngine(EngineOpenRequest request, LsmOptions options, ColumnFamilyOptions[] cfOptions, ValueSeparatorPlugin? separator = null)
    {
        _plugin = separator;
        _dir = FilePaths.Normalize(request.Directory);
        _options = options;
        _fs = new CountingFileSystem(request.FileSystem);
        _fs.CreateDirectory(_dir);
        _cache = new LruBlockCache(options.BlockCacheSize);
        _tables = new TableCache(_fs, _dir, _cache, _stats);
        _lookup = new PointLookup(_tables, _stats);
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
            _outputs = new TableOutputContext(_fs, _dir, _versions.NewFileNumber, _stats, _separator);
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
        _background = new Thread[Math.Max(1, options.MaxBackgroundJobs)];
        for (var i = 0; i < _background.Length; i++)
        {
            _background[i] = new Thread(BackgroundLoop) { IsBackground = true, Name = $"lsm-bg-{i}" };
            _background[i].Start();
        }
    }

    public string Name => _plugin?.EngineName ?? "lsm";
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    internal LsmStatistics Statistics => _stats;
    internal CountingFileSystem FileSystem => _fs;

    /// <summary>Recovery (<see cref="LsmRecovery"/>), then the first memtables and read views on the new log.</summary>
    private void Recover()
    {
        var r = new LsmRecovery(_fs, _dir, _cfs, _versions, _tables, _outputs, _separator).Run();
        _logs = new LogFiles(_fs, _dir, r.WalNumber, r.Wal);
        _lastSequence = r.LastSequence;
        foreach (var cf in _cfs)
        {
            cf.Mem = new Memtable(r.WalNumber);
            InstallSuperVersion(cf);
        }
    }

    private void TryDelete(string path) => FileDeletion.TryDelete(_fs, path);

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

    /// <summary>Under the mutex, after an edit adding <paramref name="added"/> is installed (the new view published first).</summary>
    private void OnTablesAdded(List<FileMetadata> added)
    {
        if (_separator is null) return;
        var tables = new List<(long, TableProperties)>(added.Count);
        foreach (var f in added) tables.Add((f.Number, _tables.Get(f).Properties));
        _separator.OnTablesAdded(tables);
    }

    /// <summary>Called when no version lists a table any more: drop it from the caches and delete it.</summary>
    private void OnFileObsolete(FileMetadata f)
    {
        if (!_disposed) _separator?.OnTableObsolete(f.Number);
        _tables.Evict(f.Number);
        if (!_disposed) TryDelete(FilePaths.Combine(_dir, FileNames.Table(f.Number)));
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

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Dispose()
    {
        if (_disposed) return;
        // As RocksDB's close (avoid_flush_during_shutdown = false): DisableWal writes exist only in
        // memtables, so flush them rather than lose them. A failed device or stopped engine: nothing to save.
        if (UnflushedUnloggedMemtables() is not null)
        {
            try { Flush(); }
            catch (Exception e) when (e is IOException or StorageException or ObjectDisposedException) { }
        }
        _separator?.StopBackgroundWork();
        lock (_mutex)
        {
            _shuttingDown = true;
            Monitor.PulseAll(_mutex);
        }
        foreach (var t in _background) t.Join();
        _disposed = true;
        lock (_mutex)
        {
            try
            {
                _logs.Dispose();
            }
            catch (IOException) { /* a failed device: nothing more to save */ }
            _versions.Dispose();
            _separator?.Dispose();
            _tables.Dispose();
        }
    }
}
