using System.Globalization;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Version;

/// <summary>
/// The durable record of which table files make up each column family: the MANIFEST (a log of
/// <see cref="VersionEdit"/> records in the WAL's block format) and CURRENT (names the live
/// manifest; replaced atomically: write CURRENT.tmp, sync, rename, sync directory). Holds the
/// current <see cref="LsmVersion"/>.
/// Thread-safety: mutating members are called under the engine mutex; <see cref="Current"/> is
/// published with a volatile write; <see cref="NewFileNumber"/> is interlocked.
/// </summary>
internal sealed class VersionSet : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _dir;
    private readonly Action<FileMetadata> _onFileObsolete;
    private readonly string[] _cfNames;
    private RecordLogWriter? _manifest;
    private LsmVersion _current;
    private long _nextFileNumber = 1;

    public VersionSet(IFileSystem fs, string dir, string[] cfNames, int[] numLevels, Action<FileMetadata> onFileObsolete)
    {
        _fs = fs;
        _dir = dir;
        _cfNames = cfNames;
        _onFileObsolete = onFileObsolete;
        var files = new FileMetadata[cfNames.Length][][];
        for (var c = 0; c < files.Length; c++)
        {
            files[c] = new FileMetadata[numLevels[c]][];
            for (var l = 0; l < numLevels[c]; l++) files[c][l] = [];
        }
        _current = new LsmVersion(files, onFileObsolete);
        _current.Ref();
        LogNumbers = new long[cfNames.Length];
    }

    public LsmVersion Current => Volatile.Read(ref _current);
    public long ManifestNumber { get; private set; }
    public long ManifestSize => _manifest?.Length ?? 0;

    /// <summary>Per CF: WAL files older than this hold nothing that is not in tables.</summary>
    public long[] LogNumbers { get; }

    public long NextFileNumberValue => Interlocked.Read(ref _nextFileNumber);

    public long NewFileNumber() => Interlocked.Increment(ref _nextFileNumber) - 1;

    /// <summary>Makes sure no number below <paramref name="n"/> is handed out again.</summary>
    public void MarkFileNumberUsed(long n)
    {
        long cur;
        while ((cur = Interlocked.Read(ref _nextFileNumber)) <= n)
            Interlocked.CompareExchange(ref _nextFileNumber, n + 1, cur);
    }

    /// <summary>Reads CURRENT and the manifest it names; null when the directory holds no database.</summary>
    public static ManifestState? ReadManifest(IFileSystem fs, string dir)
    {
        var currentPath = FilePaths.Combine(dir, FileNames.Current);
        if (!fs.FileExists(currentPath))
        {
            // No CURRENT: a new directory, unless a database lives here (a manifest, a table, a log
            // with records): then CURRENT was lost, and starting empty would delete it all.
            foreach (var entry in fs.ListFiles(dir))
            {
                var kind = FileNames.Parse(entry, out _);
                if (kind is FileNames.Kind.Manifest or FileNames.Kind.Table
                    || (kind == FileNames.Kind.Log && fs.GetFileSize(FilePaths.Combine(dir, entry)) > 0))
                    throw new CorruptionException(currentPath, 0, $"CURRENT is missing but the directory holds a database ({entry}): nothing was changed (restore CURRENT — it names the newest MANIFEST — or the directory from a backup)");
            }
            return null;
        }
        string name;
        using (var f = fs.OpenRead(currentPath))
        {
            var buf = new byte[(int)Math.Min(f.Length, 256)];
            var n = f.ReadAt(0, buf);
            name = System.Text.Encoding.UTF8.GetString(buf, 0, n).TrimEnd('\n');
        }
        if (FileNames.Parse(name, out var manifestNumber) != FileNames.Kind.Manifest)
            throw new CorruptionException(currentPath, 0, $"CURRENT does not name a manifest: '{name}'");
        var path = FilePaths.Combine(dir, name);
        if (!fs.FileExists(path)) throw new CorruptionException(path, 0, "the manifest named by CURRENT is missing");
        var state = new ManifestState { ManifestNumber = manifestNumber };
        using var file = fs.OpenRead(path);
        // The manifest is synced after every record, so only a torn last record (never acknowledged) can be damaged.
        var reader = new RecordLogReader(file, path, tolerateTornTail: true);
        var sawAny = false;
        while (reader.TryReadRecord(out var record))
        {
            var edit = VersionEdit.Decode(record, path, reader.LastRecordOffset);
            sawAny = true;
            foreach (var (cf, cfName) in edit.ColumnFamilies) state.ColumnFamilyNames[cf] = cfName;
            foreach (var (cf, log) in edit.LogNumbers) state.LogNumbers[cf] = log;
            if (edit.NextFileNumber is { } nf) state.NextFileNumber = nf;
            if (edit.LastSequence is { } ls) state.LastSequence = ls;
            foreach (var (cf, level, number) in edit.DeletedFiles)
                if (state.Files.TryGetValue((cf, level), out var d)) d.Remove(number);
            foreach (var (cf, level, f) in edit.NewFiles)
            {
                if (!state.Files.TryGetValue((cf, level), out var d)) state.Files[(cf, level)] = d = [];
                d[f.Number] = f;
            }
        }
        if (!sawAny) throw new CorruptionException(path, 0, "manifest holds no complete record");
        return state;
    }

    /// <summary>
    /// Starts a new manifest holding the complete state (<paramref name="files"/>, log numbers,
    /// last sequence), syncs it and points CURRENT at it. Installs <paramref name="files"/> as the current version.
    /// </summary>
    public void CreateManifest(FileMetadata[][][] files, long[] logNumbers, long lastSequence)
    {
        var number = NewFileNumber();
        var edit = new VersionEdit();
        for (var c = 0; c < _cfNames.Length; c++)
        {
            edit.ColumnFamilies.Add((c, _cfNames[c]));
            edit.LogNumbers.Add((c, logNumbers[c]));
            LogNumbers[c] = logNumbers[c];
            for (var l = 0; l < files[c].Length; l++)
                foreach (var f in files[c][l]) edit.AddFile(c, l, f);
        }
        edit.NextFileNumber = NextFileNumberValue;
        edit.LastSequence = lastSequence;
        var path = FilePaths.Combine(_dir, FileNames.Manifest(number));
        var writer = new RecordLogWriter(_fs.CreateFile(path, WriteCategory.Manifest));
        try
        {
            writer.AddRecord(edit.Encode());
            writer.Sync();
            SetCurrent(number);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        _manifest?.Dispose();
        _manifest = writer;
        ManifestNumber = number;
        Install(files);
    }

    /// <summary>
    /// Logs the edit durably (append + sync) and installs the resulting version. Caller holds the
    /// engine mutex. On IOException nothing is installed; the caller must stop the engine, since
    /// the manifest tail is then unknown.
    /// </summary>
    public void LogAndApply(VersionEdit edit, long lastSequence)
    {
        var cur = Current;
        var files = new FileMetadata[cur.Files.Length][][];
        for (var c = 0; c < files.Length; c++)
        {
            files[c] = new FileMetadata[cur.Files[c].Length][];
            for (var l = 0; l < files[c].Length; l++)
            {
                var list = new List<FileMetadata>(cur.Files[c][l]);
                foreach (var (cf, level, number) in edit.DeletedFiles)
                    if (cf == c && level == l) list.RemoveAll(f => f.Number == number);
                foreach (var (cf, level, f) in edit.NewFiles)
                    if (cf == c && level == l) list.Add(f);
                Sort(list, l);
                files[c][l] = list.ToArray();
            }
        }
        edit.NextFileNumber = NextFileNumberValue;
        edit.LastSequence = lastSequence;
        _manifest!.AddRecord(edit.Encode());
        _manifest.Sync();
        foreach (var (cf, log) in edit.LogNumbers) LogNumbers[cf] = log;
        Install(files);
    }

    public static void Sort(List<FileMetadata> list, int level)
    {
        if (level == 0) list.Sort((a, b) => b.Number.CompareTo(a.Number)); // newest first
        else list.Sort((a, b) => InternalKey.Compare(a.Smallest, b.Smallest));
    }

    private void Install(FileMetadata[][][] files)
    {
        var v = new LsmVersion(files, _onFileObsolete);
        v.Ref();
        var old = Interlocked.Exchange(ref _current, v);
        old.Unref();
    }

    private void SetCurrent(long manifestNumber)
    {
        var tmp = FilePaths.Combine(_dir, FileNames.CurrentTemp);
        using (var f = _fs.CreateFile(tmp, WriteCategory.Manifest))
        {
            f.Append(System.Text.Encoding.UTF8.GetBytes(FileNames.Manifest(manifestNumber) + "\n"));
            f.Sync();
        }
        _fs.RenameFile(tmp, FilePaths.Combine(_dir, FileNames.Current));
        _fs.SyncDirectory(_dir);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"manifest {ManifestNumber}, next file {NextFileNumberValue}");

    public void Dispose()
    {
        _manifest?.Dispose();
        _manifest = null;
    }
}
