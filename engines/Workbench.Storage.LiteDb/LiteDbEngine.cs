using System.Buffers;
using System.Globalization;
using System.Reflection;
using LiteDB;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lifetime;
using Workbench.Storage.LongKeys;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// The engine contract over one LiteDB file: one collection per column family, the key as a binary
/// <c>_id</c> (memcmp order), values in documents (FORMAT.md). A batch is one explicit LiteDB
/// transaction on the writing thread, under <see cref="_writeGate"/> (LiteDB would also serialize
/// writers per collection; one gate keeps cross-collection batches simple and snapshot pinning exact).
/// Snapshots and iterators are read transactions held open on their own threads
/// (<see cref="LiteDbView"/>), because LiteDB binds a transaction to a thread.
///
/// Durability: a commit writes its pages to LiteDB's log file (<c>-log</c>) before returning (survives
/// kill -9); WriteOptions.Sync and Flush then fsync that file. LiteDB has no public call for that: the
/// engine reaches the log's FileStream by reflection into LiteDB 5.0.21 (checked at open, with one
/// clear error if the layout changed). Checkpoints (log → data file) are LiteDB's own, at
/// <c>checkpoint</c> log pages when no transaction is open, and on Flush when no view is open. A write
/// failure latches the engine into refusing writes until reopened.
/// </summary>
internal sealed class LiteDbEngine : IKvEngine
{
    internal const string FileName = "workbench.litedb";

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument>[] _collections;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly string _directory;
    private readonly Lazy<Stream> _logWriter;
    private readonly Lock _writeGate = new();
    private readonly LiveHandles _live = new(); // open iterators and snapshots, closed by Dispose
    private readonly IoCounters _io = new();
    private Exception? _writeFailure;
    private long _sequence;
    private long _checkpoints;

    private LiteDbEngine(LiteDatabase db, Lazy<Stream> logWriter, IReadOnlyList<ColumnFamilyDescriptor> cfs, string directory)
    {
        _db = db;
        _logWriter = logWriter;
        _directory = directory;
        _handles = new ColumnFamilyHandle[cfs.Count];
        _collections = new ILiteCollection<BsonDocument>[cfs.Count];
        for (var i = 0; i < cfs.Count; i++)
        {
            _handles[i] = new ColumnFamilyHandle(i, cfs[i].Name, this);
            _collections[i] = db.GetCollection(LiteDbKeyLayout.CollectionName(cfs[i].Name), BsonAutoId.ObjectId);
        }
    }

    public string Name => LiteDbEngineFactory.EngineName;
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    public static LiteDbEngine Open(EngineOpenRequest request)
    {
        var o = LiteDbOptions.From(request.Options);
        Directory.CreateDirectory(request.Directory);
        // Before LiteDB creates or reads anything: the directory is a litedb one (or new), not another engine's.
        EngineIdentity.Claim(LocalFileSystem.Instance, Path.GetFullPath(request.Directory), LiteDbEngineFactory.EngineName, LiteDbEngineFactory.IdentityFormatVersion, LiteDbEngineFactory.OwnsLiteDbFile);
        LiteDatabase db;
        try
        {
            db = new LiteDatabase(new ConnectionString
            {
                Filename = Path.Combine(request.Directory, FileName),
                Connection = ConnectionType.Direct,
                InitialSize = o.InitialSize,
            });
        }
        catch (IOException e)
        {
            throw StorageIOException.From(e, $"litedb: cannot open {Path.Combine(request.Directory, FileName)}");
        }
        catch (LiteException e)
        {
            throw new StorageException($"litedb: cannot open {Path.Combine(request.Directory, FileName)}: {e.Message}", e);
        }
        try
        {
            db.CheckpointSize = o.Checkpoint;
            db.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
            return new LiteDbEngine(db, LogWriterOf(db), request.ColumnFamilies, request.Directory);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>LiteDB 5.0.21's log writer: LiteDatabase._engine (LiteEngine) → _disk (DiskService) → _writer.</summary>
    private static Lazy<Stream> LogWriterOf(LiteDatabase db)
    {
        const BindingFlags F = BindingFlags.Instance | BindingFlags.NonPublic;
        var engine = typeof(LiteDatabase).GetField("_engine", F)?.GetValue(db);
        var disk = engine?.GetType().GetField("_disk", F)?.GetValue(engine);
        return disk?.GetType().GetField("_writer", F)?.GetValue(disk) as Lazy<Stream>
            ?? throw new StorageException("litedb: this LiteDB build has no DiskService._writer (the engine was written against LiteDB 5.0.21); synced writes cannot be made durable");
    }

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        var col = Collection(cf);
        ArgumentNullException.ThrowIfNull(value);
        var snapshot = SnapshotOf(options);
        var id = LiteDbKeyLayout.IdOf(key);
        var doc = snapshot is null ? col.FindById(id) : snapshot.View.Thread.Run(() => col.FindById(id));
        if (doc is null) return false;
        if (!LiteDbKeyLayout.IsBucketed(key))
        {
            value.Write(Field(doc, LiteDbKeyLayout.ValueField));
            return true;
        }
        if (!LongKeyBucket.TryFind(Field(doc, LiteDbKeyLayout.BucketField), LiteDbKeyLayout.Suffix(key), out var found)) return false;
        value.Write(found);
        return true;
    }

    internal static byte[] Field(BsonDocument doc, string field) =>
        doc.TryGetValue(field, out var v) && v.IsBinary
            ? v.AsBinary
            : throw new CorruptionException($"litedb: document {doc["_id"]} has no binary field '{field}'");

    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_collections.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_collections.Length}", nameof(batch));
        lock (_writeGate)
        {
            ThrowIfDisposed();
            if (_writeFailure is { } failure)
                throw new EngineWriteStoppedException($"litedb engine stopped accepting writes after an earlier failure; reopen it ({failure.Message})", failure);
            try
            {
                if (!_db.BeginTrans()) throw new StorageException("litedb: the writing thread already has a LiteDB transaction open");
                try
                {
                    foreach (var op in batch) Apply(_collections[op.ColumnFamilyId], op);
                    if (!_db.Commit()) throw new StorageException("litedb: commit found no transaction");
                }
                catch
                {
                    RollbackQuietly();
                    throw;
                }
                _sequence++;
                if (options?.Sync == true) SyncLog();
            }
            catch (Exception e) when (e is LiteException or IOException or StorageException)
            {
                _writeFailure = e;
                throw new EngineWriteStoppedException($"litedb write failed; the engine refuses writes until reopened: {e.Message}", e);
            }
        }
    }

    private static void Apply(ILiteCollection<BsonDocument> col, WriteBatchOperation op)
    {
        var id = LiteDbKeyLayout.IdOf(op.Key);
        if (!LiteDbKeyLayout.IsBucketed(op.Key))
        {
            if (op.Kind == WriteBatchOperationKind.Put) col.Upsert(new BsonDocument { ["_id"] = id, [LiteDbKeyLayout.ValueField] = new BsonValue(op.Value.ToArray()) });
            else col.Delete(id);
            return;
        }
        var existing = col.FindById(id);
        var bucket = existing is null ? default : Field(existing, LiteDbKeyLayout.BucketField).AsSpan();
        var suffix = LiteDbKeyLayout.Suffix(op.Key);
        if (op.Kind == WriteBatchOperationKind.Put)
        {
            col.Upsert(new BsonDocument { ["_id"] = id, [LiteDbKeyLayout.BucketField] = new BsonValue(LongKeyBucket.Upsert(bucket, suffix, op.Value)) });
            return;
        }
        var rest = LongKeyBucket.Remove(bucket, suffix, out var removed);
        if (!removed) return;
        if (rest is null) col.Delete(id);
        else col.Upsert(new BsonDocument { ["_id"] = id, [LiteDbKeyLayout.BucketField] = new BsonValue(rest) });
    }

    private void RollbackQuietly()
    {
        try
        {
            _db.Rollback();
        }
        catch (LiteException)
        {
            // the original failure is what the caller needs to see
        }
    }

    /// <summary>fsyncs LiteDB's log file (caller holds the write gate, so no commit writes to it meanwhile).</summary>
    private void SyncLog()
    {
        if (!_logWriter.IsValueCreated) return; // nothing written yet
        if (_logWriter.Value is FileStream fs) fs.Flush(flushToDisk: true);
        else _logWriter.Value.Flush();
        _io.AddSync();
    }

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        var col = Collection(cf);
        var snapshot = SnapshotOf(options);
        var view = snapshot?.View ?? new LiteDbView(_db, [col]);
        var it = new LiteDbIterator(this, col, view, ownsView: snapshot is null, options?.LowerBound, options?.UpperBound, snapshot);
        Track(it);
        return it;
    }

    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        LiteDbSnapshot s;
        lock (_writeGate) s = new LiteDbSnapshot(this, new LiteDbView(_db, _collections), _sequence); // no commit between the collections' pins
        Track(s);
        return s;
    }

    /// <summary>fsyncs the log; also checkpoints it into the data file when no view is open (a checkpoint waits for every open transaction).</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        lock (_writeGate)
        {
            SyncLog();
            bool idle;
            idle = _live.Count == 0;
            if (idle)
            {
                _db.Checkpoint();
                _checkpoints++;
            }
        }
    }

    /// <summary>Nothing to compact in place: LiteDB's B+tree pages are reused; its only compaction is Rebuild, which rewrites the whole file.</summary>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default) => Collection(cf);

    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var data = FileLength(Path.Combine(_directory, FileName));
        var log = FileLength(Path.Combine(_directory, "workbench-log.litedb"));
        var counters = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [LiteDbCounterNames.DataFileBytes] = data,
            [LiteDbCounterNames.LogFileBytes] = log,
            [LiteDbCounterNames.Commits] = Interlocked.Read(ref _sequence),
            [LiteDbCounterNames.ExplicitCheckpoints] = Interlocked.Read(ref _checkpoints),
        };
        return new EngineMetrics(_io.Snapshot(), DirectorySize(_directory), counters);
    }

    /// <summary>"stats": file sizes and document counts per column family; null for other names.</summary>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var sb = new System.Text.StringBuilder();
        foreach (var (k, v) in GetMetrics().Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append(k).Append(' ').Append(v.ToString(CultureInfo.InvariantCulture)).AppendLine();
        for (var i = 0; i < _collections.Length; i++)
            sb.Append(_handles[i].Name).Append(": ").Append(_collections[i].LongCount().ToString(CultureInfo.InvariantCulture)).AppendLine(" documents");
        return sb.ToString();
    }

    public void Dispose()
    {
        if (!_live.Close()) return; // closes open iterators and snapshots first
        lock (_writeGate) _db.Dispose(); // checkpoints the log into the data file
    }

    // ---- internals ----

    internal void Untrack(IDisposable d)
    {
        _live.Untrack(d);
    }

    private void Track(IDisposable d)
    {
        if (!_live.TryTrack(d)) ThrowIfDisposed();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_live.IsClosed, this);

    private ILiteCollection<BsonDocument> Collection(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return _collections[cf.Id];
    }

    private LiteDbSnapshot? SnapshotOf(ReadOptions? options)
    {
        if (options?.Snapshot is null) return null;
        if (options.Snapshot is not LiteDbSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s;
    }

    private static long FileLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static long DirectorySize(string directory)
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // the log is deleted after a checkpoint
            }
        }
        return total;
    }
}
