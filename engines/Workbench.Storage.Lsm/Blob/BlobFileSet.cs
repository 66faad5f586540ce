using System.Globalization;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// The durable set of live blob files, kept in its own manifest log (BLOBMANIFEST-NNNNNN, LevelDB log
/// format, one synced record per change; FORMAT.md says why it is not in the LSM MANIFEST).
/// Invariants: a blob file is added here (synced, after a directory sync) before any SST may point into it, and it is
/// removed here (synced) before its file is deleted — so a restart never forgets a live file and
/// never resurrects a deleted one. Blob files on disk that the set does not list are orphans of an
/// interrupted flush/compaction/GC and are deleted at open — but only after every SST's references
/// proved the listing complete: a damaged manifest is corruption, never a reason to delete. Thread-safe (one lock).
/// </summary>
internal sealed class BlobFileSet : IDisposable
{
    private const string ManifestPrefix = "BLOBMANIFEST-";
    private readonly IFileSystem _fs;
    private readonly string _dir;
    /// <summary>How blob files are opened for reading (direct with use_direct_reads; the manifest is always read buffered).</summary>
    private readonly ReadMode _readMode;
    private readonly object _lock = new();
    private readonly Dictionary<long, BlobFileMeta> _files;
    private readonly Dictionary<long, BlobFileReader> _readers = [];
    private RecordLogWriter? _log;
    /// <summary>
    /// Set when a manifest write or sync failed: the log may end in a torn record, and anything
    /// appended after it would turn that tail into corruption in the middle of the log. The set then
    /// refuses every change until the engine is reopened (recovery treats the torn tail as the end).
    /// </summary>
    private Exception? _failed;
    /// <summary>Files the recovered manifest deleted by a record (GC): garbage even if still on disk.</summary>
    private HashSet<long> _deletedByRecord = [];
    private bool _disposed;

    private BlobFileSet(IFileSystem fs, string dir, Dictionary<long, BlobFileMeta> files, string sourcePath, bool tornTail, long sourceNumber, ReadMode readMode)
    {
        _readMode = readMode;
        _fs = fs;
        _dir = dir;
        _files = files;
        SourcePath = sourcePath;
        SourceTornTail = tornTail;
        ManifestNumber = sourceNumber;
    }

    /// <summary>The blob manifest recovery read (its path even when it did not exist).</summary>
    public string SourcePath { get; }

    /// <summary>Whether that manifest ended in what looked like a torn record (so its listing may be short).</summary>
    public bool SourceTornTail { get; }

    public long ManifestNumber { get; private set; }

    public static string ManifestName(long number) => ManifestPrefix + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads the set from the newest blob manifest; writes and deletes nothing. A listed file that is
    /// missing is corruption. The set accepts changes only after <see cref="Commit"/>, which the
    /// engine calls once the LSM's tables proved the listing complete (<see cref="RequireListed"/>):
    /// a damaged manifest whose tail looks torn must not be compacted over, nor its files deleted.
    /// Blob files are then opened in <paramref name="readMode"/> (direct with use_direct_reads).
    /// </summary>
    public static BlobFileSet Recover(IFileSystem fs, string dir, ReadMode readMode = ReadMode.Buffered)
    {
        long newest = -1;
        var names = fs.ListFiles(dir);
        foreach (var name in names)
            if (TryParseManifest(name, out var n)) newest = Math.Max(newest, n);
        var files = new Dictionary<long, BlobFileMeta>();
        var path = FilePaths.Combine(dir, ManifestName(Math.Max(newest, 0)));
        var torn = false;
        var deleted = new HashSet<long>();
        if (newest >= 0)
        {
            using var file = fs.OpenRead(path);
            var reader = new RecordLogReader(file, path, tolerateTornTail: true);
            while (reader.TryReadRecord(out var record))
            {
                BlobManifestRecord.Apply(record, files, path, reader.LastRecordOffset);
                if (record[0] == BlobManifestRecord.DeleteFile) deleted.Add(BlobManifestRecord.DeletedNumber(record, path, reader.LastRecordOffset));
            }
            torn = reader.TornTail;
        }
        foreach (var m in files.Values)
            if (!fs.FileExists(FilePaths.Combine(dir, BlobFileFormat.FileName(m.Number))))
                throw new CorruptionException(BlobFileFormat.FileName(m.Number), 0, "blob file listed in the blob manifest is missing");
        return new BlobFileSet(fs, dir, files, path, torn, newest, readMode) { _deletedByRecord = deleted };
    }

    /// <summary>
    /// <see cref="Recover"/>, <see cref="Commit"/> and <see cref="DeleteOrphans"/> at once, for a set
    /// with no LSM beside it whose references could be checked (the set's own tests).
    /// </summary>
    public static BlobFileSet Open(IFileSystem fs, string dir)
    {
        var set = Recover(fs, dir);
        set.Commit();
        set.DeleteOrphans();
        return set;
    }

    /// <summary>
    /// Recovery check: a blob file an SST (or a replayed GC rewrite) points into must be listed. One
    /// that is not means the blob manifest lost records — damage, never garbage to delete.
    /// </summary>
    public void RequireListed(long blobFile, string referrer)
    {
        lock (_lock)
        {
            if (_files.ContainsKey(blobFile)) return;
        }
        // Stale BlobIndexes of rewritten keys keep pointing at files GC deleted: a file that is gone
        // (deleted after its delete record), or whose delete record is here (GC stopped between the
        // record and the file deletion), is garbage. A present file no record deletes is not.
        if (_deletedByRecord.Contains(blobFile)) return;
        var exists = _fs.FileExists(FilePaths.Combine(_dir, BlobFileFormat.FileName(blobFile)));
        if (!exists) return;
        throw new CorruptionException(SourcePath, 0,
            $"{referrer} points into {BlobFileFormat.FileName(blobFile)}, present on disk, which the blob manifest does not list: the blob manifest is damaged or lost records{(SourceTornTail ? " (it ends in an unreadable record)" : "")}; nothing was deleted (restore it from a backup)");
    }

    /// <summary>
    /// After the listing was proved complete: writes a compacted manifest (temp file, synced, renamed
    /// to the next number), syncs the directory and deletes older manifests. Orphan blob files are
    /// deleted separately (<see cref="DeleteOrphans"/>), after every reference is known.
    /// </summary>
    public void Commit()
    {
        lock (_lock) CommitLocked();
    }

    private void CommitLocked()
    {
        if (_log is not null) return;
        var number = ManifestNumber + 1;
        var final = FilePaths.Combine(_dir, ManifestName(number));
        var temp = final + ".tmp";
        var w = new RecordLogWriter(_fs.CreateFile(temp, WriteCategory.Manifest));
        try
        {
            foreach (var m in _files.Values) w.AddRecord(BlobManifestRecord.EncodeAdd(m));
            w.Sync();
        }
        finally
        {
            w.Dispose();
        }
        _fs.RenameFile(temp, final);
        _fs.SyncDirectory(_dir); // the rename must be durable before older manifests are deleted or this one is appended to
        _log = new RecordLogWriter(_fs.OpenWritable(final, WriteCategory.Manifest));
        ManifestNumber = number;
        foreach (var name in _fs.ListFiles(_dir))
            if ((TryParseManifest(name, out var n) && n != number) || (name.StartsWith(ManifestPrefix, StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)))
                TryDelete(_fs, FilePaths.Combine(_dir, name));
    }

    /// <summary>
    /// Deletes blob files that are neither listed nor referenced (outputs of an interrupted flush,
    /// compaction or GC). Called after recovery checked every reference with <see cref="RequireListed"/>.
    /// </summary>
    public void DeleteOrphans()
    {
        lock (_lock)
            foreach (var name in _fs.ListFiles(_dir))
                if (BlobFileFormat.TryParseFileName(name, out var b) && !_files.ContainsKey(b)) TryDelete(_fs, FilePaths.Combine(_dir, name));
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
                if (_log is null) Commit(); // first change after recovery (WAL replay writing tables)
                var log = _log!;
                foreach (var m in metas) log.AddRecord(BlobManifestRecord.EncodeAdd(m));
                log.Sync();
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
                if (_log is null) Commit(); // first change after recovery (WAL replay writing tables)
                var log = _log!;
                foreach (var n in numbers) log.AddRecord(BlobManifestRecord.EncodeDelete(n));
                log.Sync();
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
                var file = _fs.OpenRead(path, _readMode);
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
            try { _log?.Dispose(); }
            catch (IOException) { /* failed device: nothing more to save */ }
        }
    }
}
