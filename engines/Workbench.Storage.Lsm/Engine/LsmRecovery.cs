using System.Buffers.Binary;
using Workbench.Storage.Batch;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// Opening an LSM directory (LevelDB's DBImpl::Recover and VersionSet::Recover): reads the manifest,
/// checks that every table and the oldest needed log exist and that the value separator knows what
/// the tables refer to, replays the logs the manifest does not cover (point-in-time: a torn tail
/// ends the replay) into L0 tables, then starts a fresh log and manifest and deletes what is
/// obsolete. Open only, one thread, before the engine's threads start.
/// </summary>
internal sealed class LsmRecovery
{
    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly ColumnFamilyState[] _cfs;
    private readonly VersionSet _versions;
    private readonly TableCache _tables;
    private readonly TableOutputContext _outputs;
    private readonly IValueSeparator? _separator;

    public LsmRecovery(CountingFileSystem fs, string dir, ColumnFamilyState[] cfs, VersionSet versions, TableCache tables, TableOutputContext outputs, IValueSeparator? separator)
    {
        _fs = fs;
        _dir = dir;
        _cfs = cfs;
        _versions = versions;
        _tables = tables;
        _outputs = outputs;
        _separator = separator;
    }

    /// <summary>
    /// Opens the manifest, replays the WAL files it does not cover into memtables, writes them as L0
    /// tables, then starts a fresh manifest and WAL and deletes what is obsolete.
    /// </summary>
    public RecoveredLog Run()
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

        var walNumber = _versions.NewFileNumber();
        var logNumbers = new long[_cfs.Length];
        Array.Fill(logNumbers, walNumber);
        // The new log exists before the manifest names it (CreateManifest's directory sync makes its
        // entry durable): a log the manifest needs is never legitimately missing.
        var wal = new RecordLogWriter(_fs.CreateFile(FilePaths.Combine(_dir, FileNames.Log(walNumber)), WriteCategory.Wal));
        try
        {
            _versions.CreateManifest(files, logNumbers, lastSeq);
            DeleteObsoleteFilesAtOpen(walNumber);
        }
        catch
        {
            try { wal.Dispose(); } catch (IOException) { }
            throw;
        }
        return new RecoveredLog(walNumber, wal, lastSeq);
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
        var reader = new RecordLogReader(file, path, tolerateTornTail: true);
        while (reader.TryReadRecord(out var record))
        {
            if (record.Length < 12) throw new CorruptionException(path, reader.LastRecordOffset, "WAL record shorter than its 12-byte header");
            var seq = BinaryPrimitives.ReadInt64LittleEndian(record);
            var rawCount = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
            var count = (int)(rawCount & ~WritePath.WalBlobIndexFlag);
            var putKind = (rawCount & WritePath.WalBlobIndexFlag) != 0 ? ValueKind.BlobIndex : ValueKind.Value;
            var applied = 0;
            foreach (var op in new WriteBatchReader(record[12..]))
            {
                if (!oldToNew.TryGetValue(op.ColumnFamilyId, out var cf))
                    throw new CorruptionException(path, reader.LastRecordOffset, $"WAL record names unknown column family id {op.ColumnFamilyId}");
                if (number >= replayFrom.GetValueOrDefault(cf, 0))
                {
                    var mem = recovered[cf] ??= new Memtable(number);
                    mem.Add(seq + applied, op.Kind == WriteBatchOperationKind.Put ? putKind : ValueKind.Deletion, op.Key, op.Value);
                    if (MemtableFullRule.IsFull(mem, _cfs[cf].Options.WriteBufferSize))
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
    private void DeleteObsoleteFilesAtOpen(long walNumber)
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
                FileNames.Kind.Log => number < walNumber,
                FileNames.Kind.Manifest => number != _versions.ManifestNumber,
                FileNames.Kind.Table => !live.Contains(number),
                FileNames.Kind.Temp => true,
                _ => false,
            };
            if (delete) FileDeletion.TryDelete(_fs, FilePaths.Combine(_dir, name));
        }
    }
}
