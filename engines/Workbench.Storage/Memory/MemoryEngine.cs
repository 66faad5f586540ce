using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Memory;

/// <summary>
/// The in-memory reference engine: one persistent AVL map per column family, published as one
/// immutable <see cref="MemoryEngineState"/> per batch, so a batch is atomic across CFs and a
/// snapshot is a reference to a state.
///
/// Threading: readers are lock-free (they read the current state); writers serialize on a lock.
///
/// Durability (option <c>durable</c>): when on, each batch is appended to <c>memory.wal</c> before it
/// becomes visible (flushed to the OS, synced on request) and <see cref="Flush"/> writes a full
/// checkpoint (<c>memory.snapshot</c>, written to a temp file, synced, renamed) and starts a new log.
/// Recovery loads the checkpoint and replays log records newer than it; a torn record at the end of
/// the log is a clean end, a bad record before the end is corruption. Formats: FORMAT.md beside this file.
/// </summary>
public sealed class MemoryEngine : IKvEngine
{
    internal const string WalName = "memory.wal";
    internal const string SnapshotName = "memory.snapshot";

    private readonly Lock _writeLock = new();
    private readonly ColumnFamilyHandle[] _handles;
    private readonly CountingFileSystem? _fs;
    private readonly string _directory;
    private RecordLogWriter? _wal;
    private MemoryEngineState _state;
    private Exception? _writeFailure;
    private volatile bool _disposed;

    internal MemoryEngine(EngineOpenRequest request, bool durable)
    {
        _directory = request.Directory;
        _handles = new ColumnFamilyHandle[request.ColumnFamilies.Count];
        var maps = new PersistentSortedMap[_handles.Length];
        for (var i = 0; i < _handles.Length; i++)
        {
            _handles[i] = new ColumnFamilyHandle(i, request.ColumnFamilies[i].Name, this);
            maps[i] = PersistentSortedMap.Empty;
        }
        _state = new MemoryEngineState(maps, 0);
        if (durable)
        {
            _fs = new CountingFileSystem(request.FileSystem);
            _fs.CreateDirectory(_directory);
            var identified = _fs.FileExists(FilePaths.Combine(_directory, EngineIdentity.FileName));
            // Creation writes the (empty) log and an empty checkpoint before the identity file, so in a
            // directory with an identity file a missing checkpoint or log is damage, not a new database.
            EngineIdentity.Claim(_fs, _directory, "memory", MemoryCheckpointFormat.FormatVersion, MemoryEngineFactory.OwnsMemoryFile, () =>
            {
                using (var w = CreateWal()) { }
                WriteCheckpoint(_state);
            });
            Recover(identified);
        }
    }

    /// <inheritdoc/>
    public string Name => "memory";
    /// <inheritdoc/>
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;
    /// <summary>Whether the engine was opened with a file system and so logs writes and checkpoints (false: volatile).</summary>
    public bool Durable => _fs is not null;

    /// <inheritdoc/>
    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var state = StateFor(options);
        if (!state.Maps[CheckHandle(cf)].TryGet(key, out var v)) return false;
        value.Write(v);
        return true;
    }

    /// <inheritdoc/>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        options ??= WriteOptions.Default;
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_handles.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_handles.Length}", nameof(batch));
        lock (_writeLock)
        {
            ThrowIfDisposed();
            if (_writeFailure is not null) throw new EngineWriteStoppedException("memory engine stopped accepting writes after an earlier failure; reopen it", _writeFailure);
            var seq = _state.Sequence + 1;
            if (_wal is not null && !options.DisableWal)
            {
                try
                {
                    AppendWal(seq, batch.Data, options.Sync);
                }
                catch (IOException e)
                {
                    _writeFailure = e;
                    throw new EngineWriteStoppedException($"write-ahead log append failed: {e.Message}", e);
                }
            }
            Volatile.Write(ref _state, Apply(_state, seq, batch.Data));
        }
    }

    /// <inheritdoc/>
    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        var state = StateFor(options);
        return new MemoryIterator(this, state.Maps[CheckHandle(cf)], options?.LowerBound, options?.UpperBound);
    }

    /// <inheritdoc/>
    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        return new MemorySnapshot(this, Volatile.Read(ref _state));
    }

    /// <inheritdoc/>
    public void Flush()
    {
        ThrowIfDisposed();
        if (_fs is null) return;
        lock (_writeLock)
        {
            if (_writeFailure is not null) throw new EngineWriteStoppedException("memory engine stopped accepting writes after an earlier failure; reopen it", _writeFailure);
            try
            {
                WriteCheckpoint(_state);
                _wal!.Dispose();
                _wal = CreateWal();
            }
            catch (IOException e)
            {
                _writeFailure = e;
                throw new EngineWriteStoppedException($"checkpoint failed: {e.Message}", e);
            }
        }
    }

    /// <inheritdoc/>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        CheckHandle(cf); // nothing to compact: the maps hold exactly the live entries
    }

    /// <inheritdoc/>
    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var state = Volatile.Read(ref _state);
        long liveBytes = 0, entries = 0;
        foreach (var m in state.Maps)
        {
            liveBytes += m.Bytes;
            entries += m.Count;
        }
        var counters = new Dictionary<string, long> { ["entries"] = entries, ["live_bytes"] = liveBytes, ["sequence"] = state.Sequence };
        if (_fs is null) return new EngineMetrics(IoSnapshot.Empty, liveBytes, counters);
        return new EngineMetrics(_fs.Counters.Snapshot(), DirectorySize.Of(_fs, _directory), counters);
    }

    /// <inheritdoc/>
    public string? GetProperty(string name)
    {
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var state = Volatile.Read(ref _state);
        var sb = new StringBuilder();
        sb.Append("memory engine, ").Append(Durable ? "durable" : "volatile").Append(", sequence ").Append(state.Sequence).AppendLine();
        for (var i = 0; i < _handles.Length; i++)
            sb.Append("  cf ").Append(_handles[i].Name).Append(": ").Append(state.Maps[i].Count).Append(" entries, ").Append(state.Maps[i].Bytes).AppendLine(" bytes");
        return sb.ToString();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                _wal?.Dispose();
            }
            catch (IOException)
            {
                // A failed close loses only unsynced bytes, which the contract allows on failure.
            }
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private int CheckHandle(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return cf.Id;
    }

    private MemoryEngineState StateFor(ReadOptions? options)
    {
        ThrowIfDisposed();
        if (options?.Snapshot is null) return Volatile.Read(ref _state);
        if (options.Snapshot is not MemorySnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s.State;
    }

    private static MemoryEngineState Apply(MemoryEngineState state, long seq, ReadOnlySpan<byte> batchData)
    {
        var maps = (PersistentSortedMap[])state.Maps.Clone();
        foreach (var op in new WriteBatchReader(batchData))
        {
            if ((uint)op.ColumnFamilyId >= (uint)maps.Length)
                throw new CorruptionException($"batch names column family id {op.ColumnFamilyId}, beyond the {maps.Length} declared");
            maps[op.ColumnFamilyId] = op.Kind == WriteBatchOperationKind.Put
                ? maps[op.ColumnFamilyId].Set(op.Key.ToArray(), op.Value.ToArray())
                : maps[op.ColumnFamilyId].Remove(op.Key);
        }
        return new MemoryEngineState(maps, seq);
    }

    // ---- durability ----

    private void AppendWal(long seq, ReadOnlySpan<byte> data, bool sync)
    {
        var record = ArrayPool<byte>.Shared.Rent(8 + data.Length);
        try
        {
            var span = record.AsSpan(0, 8 + data.Length);
            BinaryPrimitives.WriteInt64LittleEndian(span, seq);
            data.CopyTo(span[8..]);
            _wal!.AddRecord(span);
            if (sync) _wal.Sync();
            else _wal.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }

    /// <summary>The log's first record, which every log starts with: its physical bytes are fixed (FORMAT.md).</summary>
    private static readonly byte[] WalHeaderRecord = EncodeWalHeader();

    private static byte[] EncodeWalHeader()
    {
        var fs = new MemoryFileSystem();
        using (var w = new RecordLogWriter(fs.CreateFile("/h", WriteCategory.Other))) w.AddRecord(WalMagic);
        var bytes = new byte[fs.GetFileSize("/h")];
        using (var f = fs.OpenRead("/h")) f.ReadAt(0, bytes);
        return bytes;
    }

    /// <summary>Payload of the log's first record ("WBMEMWAL"); a log of the format before the record log has none.</summary>
    private static ReadOnlySpan<byte> WalMagic => "WBMEMWAL"u8;

    /// <summary>Starts a new, empty log: its header record, synced (the directory entry is synced by the caller's sequence).</summary>
    private RecordLogWriter CreateWal()
    {
        var w = new RecordLogWriter(_fs!.CreateFile(FilePaths.Combine(_directory, WalName), WriteCategory.Wal));
        try
        {
            w.AddRecord(WalMagic);
            w.Sync();
            return w;
        }
        catch
        {
            w.Dispose();
            throw;
        }
    }

    private void Recover(bool identified)
    {
        var fs = _fs!;
        var snapPath = FilePaths.Combine(_directory, SnapshotName);
        var walPath = FilePaths.Combine(_directory, WalName);
        var hasSnapshot = fs.FileExists(snapPath);
        if (hasSnapshot) _state = MemoryCheckpointFormat.Read(fs, snapPath, _handles);
        if (identified)
        {
            // The identity file is written after the empty log and checkpoint: both exist ever since.
            if (!hasSnapshot)
                throw new CorruptionException(snapPath, 0, "the checkpoint is missing (the identity file says the database was created): nothing was changed (restore it from a backup)");
            if (!fs.FileExists(walPath))
                throw new CorruptionException(walPath, 0, "the log is missing beside the checkpoint: writes after it may be lost; nothing was changed (restore it from a backup)");
        }
        if (fs.FileExists(walPath))
        {
            if (ReplayWal(fs, walPath) is { } keep)
            {
                // Drop a torn tail so new records follow the last good one.
                using var w = fs.OpenWritable(walPath, WriteCategory.Wal);
                if (w.Length != keep)
                {
                    w.Truncate(keep);
                    w.Sync();
                }
                _wal = new RecordLogWriter(fs.OpenWritable(walPath, WriteCategory.Wal));
            }
            else _wal = CreateWal(); // empty, or a header torn while the log was started: nothing was logged in it
        }
        else _wal = CreateWal();
        _wal.Sync();
        fs.SyncDirectory(_directory);
    }

    /// <summary>
    /// Replays the log's records newer than the checkpoint; returns the length of its intact prefix,
    /// or null when the file holds no complete header (empty, or cut inside the header). A file that
    /// does not start with the header's bytes (an older log format, or damage) is corruption.
    /// </summary>
    private long? ReplayWal(IFileSystem fs, string walPath)
    {
        using var f = fs.OpenRead(walPath);
        var head = new byte[WalHeaderRecord.Length];
        var n = f.ReadAt(0, head.AsSpan(0, (int)Math.Min(head.Length, f.Length)));
        if (!head.AsSpan(0, n).SequenceEqual(WalHeaderRecord.AsSpan(0, n)))
            throw new CorruptionException(walPath, 0, $"{WalName} does not start with the record-log header (\"WBMEMWAL\"): it is damaged, or written in the memory log format before the record log (FORMAT.md), which this build does not read; nothing was changed");
        if (n < WalHeaderRecord.Length) return null;
        var reader = new RecordLogReader(f, walPath, tolerateTornTail: true);
        reader.TryReadRecord(out _); // the header, compared above
        while (reader.TryReadRecord(out var record))
        {
            if (record.Length < 8) throw new CorruptionException(walPath, reader.LastRecordOffset, $"log record of {record.Length} bytes is shorter than its 8-byte sequence");
            var seq = BinaryPrimitives.ReadInt64LittleEndian(record);
            if (seq > _state.Sequence) _state = Apply(_state, seq, record[8..]);
        }
        return reader.EndOfLastRecord;
    }

    private void WriteCheckpoint(MemoryEngineState state)
    {
        var fs = _fs!;
        var tmp = FilePaths.Combine(_directory, SnapshotName + ".tmp");
        MemoryCheckpointFormat.Write(fs, tmp, state, _handles);
        fs.RenameFile(tmp, FilePaths.Combine(_directory, SnapshotName));
        fs.SyncDirectory(_directory);
    }
}
