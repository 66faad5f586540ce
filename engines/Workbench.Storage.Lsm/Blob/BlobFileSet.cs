using System.Globalization;

namespace Workbench.Storage.Lsm;

/// <summary>
/// The durable set of live blob files, kept in its own manifest log (BLOBMANIFEST-NNNNNN, LevelDB log
/// format, one synced record per change; FORMAT.md says why it is not in the LSM MANIFEST).
/// Invariants: a blob file is added here (synced, after a directory sync) before any SST may point into it, and it is
/// removed here (synced) before its file is deleted — so a restart never forgets a live file and
/// never resurrects a deleted one. Blob files on disk that the set does not list are orphans of an
/// interrupted flush/compaction/GC and are deleted at open. Thread-safe (one lock).
/// </summary>
internal sealed class BlobFileSet : IDisposable
{
    private const string ManifestPrefix = "BLOBMANIFEST-";
    private readonly IFileSystem _fs;
    private readonly string _dir;
    private readonly object _lock = new();
    private readonly Dictionary<long, BlobFileMeta> _files;
    private readonly Dictionary<long, BlobFileReader> _readers = [];
    private readonly WalWriter _log;
    /// <summary>
    /// Set when a manifest write or sync failed: the log may end in a torn record, and anything
    /// appended after it would turn that tail into corruption in the middle of the log. The set then
    /// refuses every change until the engine is reopened (recovery treats the torn tail as the end).
    /// </summary>
    private Exception? _failed;
    private bool _disposed;

    private BlobFileSet(IFileSystem fs, string dir, Dictionary<long, BlobFileMeta> files, WalWriter log, long manifestNumber)
    {
        _fs = fs;
        _dir = dir;
        _files = files;
        _log = log;
        ManifestNumber = manifestNumber;
    }

    public long ManifestNumber { get; }

    public static string ManifestName(long number) => ManifestPrefix + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// Recovers the set from the newest blob manifest, writes a compacted manifest (temp file,
    /// synced, renamed), deletes older manifests and orphan blob files. A listed file that is
    /// missing is corruption.
    /// </summary>
    public static BlobFileSet Open(IFileSystem fs, string dir)
    {
        long newest = -1;
        var names = fs.ListFiles(dir);
        foreach (var name in names)
            if (TryParseManifest(name, out var n)) newest = Math.Max(newest, n);
        var files = new Dictionary<long, BlobFileMeta>();
        if (newest >= 0)
        {
            var path = FilePaths.Combine(dir, ManifestName(newest));
            using var file = fs.OpenRead(path);
            var reader = new WalReader(file, path, tolerateTornTail: true);
            while (reader.TryReadRecord(out var record)) BlobManifestRecord.Apply(record, files, path, reader.LastRecordOffset);
        }
        foreach (var m in files.Values)
            if (!fs.FileExists(FilePaths.Combine(dir, BlobFileFormat.FileName(m.Number))))
                throw new CorruptionException(BlobFileFormat.FileName(m.Number), 0, "blob file listed in the blob manifest is missing");

        var number = newest + 1;
        var final = FilePaths.Combine(dir, ManifestName(number));
        var temp = final + ".tmp";
        var w = new WalWriter(fs.CreateFile(temp, WriteCategory.Manifest));
        try
        {
            foreach (var m in files.Values) w.AddRecord(BlobManifestRecord.EncodeAdd(m));
            w.Sync();
        }
        finally
        {
            w.Dispose();
        }
        fs.RenameFile(temp, final);
        fs.SyncDirectory(dir); // the rename must be durable before older manifests are deleted or this one is appended to
        var set = new BlobFileSet(fs, dir, files, new WalWriter(fs.OpenWritable(final, WriteCategory.Manifest)), number);
        foreach (var name in fs.ListFiles(dir))
        {
            if (TryParseManifest(name, out var n) && n != number) TryDelete(fs, FilePaths.Combine(dir, name));
            else if (BlobFileFormat.TryParseFileName(name, out var b) && !files.ContainsKey(b)) TryDelete(fs, FilePaths.Combine(dir, name));
        }
        return set;
    }

    private static bool TryParseManifest(string name, out long number)
    {
        number = 0;
        return name.StartsWith(ManifestPrefix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(ManifestPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static void TryDelete(IFileSystem fs, string path)
    {
        try { fs.DeleteFile(path); }
        catch (IOException) { /* retried at the next open */ }
    }

    public long MaxFileNumber
    {
        get
        {
            lock (_lock)
            {
                long max = 0;
                foreach (var n in _files.Keys) max = Math.Max(max, n);
                return max;
            }
        }
    }

    public int Count
    {
        get { lock (_lock) return _files.Count; }
    }

    public List<BlobFileMeta> Snapshot()
    {
        lock (_lock) return [.. _files.Values];
    }

    public bool Contains(long number)
    {
        lock (_lock) return _files.ContainsKey(number);
    }

    /// <summary>The metadata of a live file, or null.</summary>
    public BlobFileMeta? Find(long number)
    {
        lock (_lock) return _files.GetValueOrDefault(number);
    }

    /// <summary>
    /// Records finished (synced) blob files durably; returns once the manifest record is synced. The
    /// directory is synced first: on a real file system a new file's directory entry is durable only
    /// then, and the manifest must never name a file a crash can make vanish.
    /// </summary>
    public void Add(IReadOnlyList<BlobFileMeta> metas)
    {
        if (metas.Count == 0) return;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfFailed();
            _fs.SyncDirectory(_dir);
            try
            {
                foreach (var m in metas) _log.AddRecord(BlobManifestRecord.EncodeAdd(m));
                _log.Sync();
            }
            catch (Exception e)
            {
                _failed = e;
                throw;
            }
            foreach (var m in metas) _files[m.Number] = m;
        }
    }

    /// <summary>
    /// Removes files durably, then deletes them. Readers that hold a reference finish their read on
    /// the open handle; new lookups of these numbers fail (callers re-resolve the key).
    /// </summary>
    public void Delete(IReadOnlyList<long> numbers)
    {
        if (numbers.Count == 0) return;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfFailed();
            try
            {
                foreach (var n in numbers) _log.AddRecord(BlobManifestRecord.EncodeDelete(n));
                _log.Sync();
            }
            catch (Exception e)
            {
                _failed = e;
                throw;
            }
            foreach (var n in numbers)
            {
                _files.Remove(n);
                if (_readers.Remove(n, out var r)) r.Unref();
                TryDelete(_fs, FilePaths.Combine(_dir, BlobFileFormat.FileName(n)));
            }
        }
    }

    /// <summary>Under the lock.</summary>
    private void ThrowIfFailed()
    {
        if (_failed is not null)
            throw new IOException($"the blob manifest refuses changes after an earlier write failed ({_failed.Message}); reopen the engine", _failed);
    }

    /// <summary>
    /// A referenced reader of a live file (caller must <see cref="BlobFileReader.Unref"/>), or null
    /// when the file is no longer in the set (deleted by GC).
    /// </summary>
    public BlobFileReader? Acquire(long number)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_files.ContainsKey(number)) return null;
            if (!_readers.TryGetValue(number, out var r))
            {
                var path = FilePaths.Combine(_dir, BlobFileFormat.FileName(number));
                var file = _fs.OpenRead(path);
                try
                {
                    r = new BlobFileReader(file, BlobFileFormat.FileName(number), number);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
                _readers[number] = r;
            }
            r.TryRef();
            return r;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var r in _readers.Values) r.Unref();
            _readers.Clear();
            try { _log.Dispose(); }
            catch (IOException) { /* failed device: nothing more to save */ }
        }
    }
}
