using System.Buffers.Binary;

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
    private readonly TableCache _tables;
    private readonly TableOutputContext _outputs;
    private readonly ValueSeparatorPlugin? _plugin;
    /// <summary>The value-separation plug-in (titan), or null: the engine sees it only through <see cref="IValueSeparator"/>.</summary>
    private readonly IValueSeparator? _separator;
    private readonly object _mutex = new();
    private readonly Lock _svLock = new();
    private readonly Thread[] _background;
    private readonly List<long> _liveLogs = [];
    private WalWriter _wal = null!;
    private long _walNumber;
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

    /// <summary>
    /// Opens the manifest, replays the WAL files it does not cover into memtables, writes them as L0
    /// tables, then starts a fresh manifest and WAL and deletes what is obsolete.
    /// </summary>
    private void Recover()
    {
        var state = VersionSet.ReadManifest(_fs, _dir);
        var files = new FileMetadata[_cfs.Length][][];
        for (var c = 0; c < _cfs.Length; c++)
        {
            files[c] = new FileMetadata[_cfs[c].Options.NumLevels][];
            for (var l = 0; l < files[c].Length; l++) files[c][l] = [];
        }
        var oldToNew = new Dictionary<int, int>();
        var replayFrom = new Dictionary<int, long>();
        long lastSeq = 0;
        if (state is not null)
        {
            foreach (var (oldId, name) in state.ColumnFamilyNames)
            {
                var newId = Array.FindIndex(_cfs, c => c.Name == name);
                if (newId < 0)
                    throw new EngineConfigException($"lsm database in {_dir} has column family '{name}', which was not declared at open; declare every existing column family");
                oldToNew[oldId] = newId;
                replayFrom[newId] = state.LogNumbers.GetValueOrDefault(oldId);
            }
            _versions.MarkFileNumberUsed(state.NextFileNumber - 1);
            foreach (var ((oldCf, level), byNumber) in state.Files)
            {
                if (!oldToNew.TryGetValue(oldCf, out var cf)) throw new CorruptionException(FileNames.Manifest(state.ManifestNumber), -1, $"file entries for undeclared column family id {oldCf}");
                if (byNumber.Count > 0 && level >= files[cf].Length)
                    throw new EngineConfigException($"lsm column family '{_cfs[cf].Name}' has files at level {level}, but num_levels is {files[cf].Length}");
                var list = new List<FileMetadata>(byNumber.Values);
                foreach (var f in list)
                {
                    _versions.MarkFileNumberUsed(f.Number);
                    if (!_fs.FileExists(FilePaths.Combine(_dir, FileNames.Table(f.Number))))
                        throw new CorruptionException(FileNames.Table(f.Number), 0, "table file listed in the manifest is missing");
                }
                VersionSet.Sort(list, level);
                if (level < files[cf].Length) files[cf][level] = list.ToArray();
            }
            lastSeq = state.LastSequence;
            RequireOldestNeededLog(state);
        }
        // Every table of the recovered version, before anything is written: its separated values must be known.
        if (_separator is not null)
            foreach (var cf in files)
                foreach (var level in cf)
                    foreach (var f in level) _separator.VerifyRecoveredTable(f.Number, _tables.Get(f).Properties);

        // Replay the logs not yet covered by tables.
        var recovered = new Memtable?[_cfs.Length];
        if (state is not null)
        {
            var minLog = long.MaxValue;
            for (var c = 0; c < _cfs.Length; c++) minLog = Math.Min(minLog, replayFrom.GetValueOrDefault(c, 0));
            var logs = new List<long>();
            foreach (var name in _fs.ListFiles(_dir))
                if (FileNames.Parse(name, out var num) == FileNames.Kind.Log)
                {
                    _versions.MarkFileNumberUsed(num);
                    if (num >= minLog) logs.Add(num);
                }
            logs.Sort();
            for (var i = 0; i < logs.Count; i++)
            {
                lastSeq = Math.Max(lastSeq, ReplayLog(logs[i], oldToNew, replayFrom, recovered, files, out var torn));
                // Point-in-time recovery: a torn tail means a crash before this log was synced, so
                // nothing in a later log was synced either (a synced write syncs all older logs first).
                if (torn) break;
            }
        }

        for (var c = 0; c < _cfs.Length; c++)
            if (recovered[c] is { IsEmpty: false } mem) AddRecoveredTable(c, mem, files);

        _walNumber = _versions.NewFileNumber();
        var logNumbers = new long[_cfs.Length];
        Array.Fill(logNumbers, _walNumber);
        _lastSequence = lastSeq;
        // The new log exists before the manifest names it (CreateManifest's directory sync makes its
        // entry durable): a log the manifest needs is never legitimately missing.
        _wal = new WalWriter(_fs.CreateFile(FilePaths.Combine(_dir, FileNames.Log(_walNumber)), WriteCategory.Wal));
        _versions.CreateManifest(files, logNumbers, lastSeq);
        _liveLogs.Add(_walNumber);
        foreach (var cf in _cfs)
        {
            cf.Mem = new Memtable(_walNumber);
            InstallSuperVersion(cf);
        }
        DeleteObsoleteFilesAtOpen();
    }

    /// <summary>
    /// The oldest log the recovered version needs (the smallest per-CF log number) must exist: logs are
    /// created, and their directory entries synced, before a manifest record names them, and deleted
    /// only after a later record raised every CF past them. A missing one means the manifest lost
    /// its later records (truncated, or a damaged tail taken for a torn one) — opening would show an
    /// old, possibly empty version and delete the newer tables as orphans. That is corruption.
    /// </summary>
    private void RequireOldestNeededLog(ManifestState state)
    {
        var needed = long.MaxValue;
        foreach (var log in state.LogNumbers.Values) needed = Math.Min(needed, log);
        if (needed is 0 or long.MaxValue) return;
        if (_fs.FileExists(FilePaths.Combine(_dir, FileNames.Log(needed)))) return;
        throw new CorruptionException(FilePaths.Combine(_dir, FileNames.Manifest(state.ManifestNumber)), 0,
            $"the manifest's last complete record needs log {FileNames.Log(needed)}, which is missing: the manifest lost later records (truncated or damaged); nothing was deleted (restore the manifest, or its directory, from a backup)");
    }

    /// <summary>Replays one WAL into the recovery memtables; returns the highest sequence seen.</summary>
    private long ReplayLog(long number, Dictionary<int, int> oldToNew, Dictionary<int, long> replayFrom, Memtable?[] recovered, FileMetadata[][][] files, out bool torn)
    {
        var path = FilePaths.Combine(_dir, FileNames.Log(number));
        long maxSeq = 0;
        using var file = _fs.OpenRead(path);
        var reader = new WalReader(file, path, tolerateTornTail: true);
        while (reader.TryReadRecord(out var record))
        {
            if (record.Length < 12) throw new CorruptionException(path, reader.LastRecordOffset, "WAL record shorter than its 12-byte header");
            var seq = BinaryPrimitives.ReadInt64LittleEndian(record);
            var rawCount = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
            var count = (int)(rawCount & ~WalBlobIndexFlag);
            var putKind = (rawCount & WalBlobIndexFlag) != 0 ? ValueKind.BlobIndex : ValueKind.Value;
            var applied = 0;
            foreach (var op in new WriteBatchReader(record[12..]))
            {
                if (!oldToNew.TryGetValue(op.ColumnFamilyId, out var cf))
                    throw new CorruptionException(path, reader.LastRecordOffset, $"WAL record names unknown column family id {op.ColumnFamilyId}");
                if (number >= replayFrom.GetValueOrDefault(cf, 0))
                {
                    var mem = recovered[cf] ??= new Memtable(number);
                    mem.Add(seq + applied, op.Kind == WriteBatchOperationKind.Put ? putKind : ValueKind.Deletion, op.Key, op.Value);
                    if (mem.ApproximateBytes >= _cfs[cf].Options.WriteBufferSize)
                    {
                        AddRecoveredTable(cf, mem, files);
                        recovered[cf] = null;
                    }
                }
                applied++;
            }
            if (applied != count) throw new CorruptionException(path, reader.LastRecordOffset, $"WAL record says {count} operations but holds {applied}");
            maxSeq = Math.Max(maxSeq, seq + count - 1);
        }
        torn = reader.TornTail;
        return maxSeq;
    }

    private void AddRecoveredTable(int cf, Memtable mem, FileMetadata[][][] files)
    {
        var meta = new FlushJob(_outputs, _cfs[cf], mem, smallestSnapshot: long.MaxValue).Run();
        if (meta is null) return;
        var l0 = new List<FileMetadata>(files[cf][0]) { meta };
        VersionSet.Sort(l0, 0);
        files[cf][0] = l0.ToArray();
    }

    /// <summary>Deletes files no longer referenced after open: old logs and manifests, temp files, orphan tables.</summary>
    private void DeleteObsoleteFilesAtOpen()
    {
        var live = new HashSet<long>();
        foreach (var cf in _versions.Current.Files)
            foreach (var level in cf)
                foreach (var f in level) live.Add(f.Number);
        foreach (var name in _fs.ListFiles(_dir))
        {
            var kind = FileNames.Parse(name, out var number);
            var delete = kind switch
            {
                FileNames.Kind.Log => number < _walNumber,
                FileNames.Kind.Manifest => number != _versions.ManifestNumber,
                FileNames.Kind.Table => !live.Contains(number),
                FileNames.Kind.Temp => true,
                _ => false,
            };
            if (delete) TryDelete(FilePaths.Combine(_dir, name));
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _fs.DeleteFile(path);
        }
        catch (IOException)
        {
            // Left for the next open's cleanup; a stray obsolete file is harmless.
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
                foreach (var w in _closedLogs) w.Dispose();
                _closedLogs.Clear();
                _wal.Dispose();
            }
            catch (IOException) { /* a failed device: nothing more to save */ }
            _versions.Dispose();
            _separator?.Dispose();
            _tables.Dispose();
        }
    }
}
