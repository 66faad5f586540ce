using System.Buffers;
using System.Globalization;
using System.Text;
using LightningDB;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lifetime;
using Workbench.Storage.LongKeys;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// The engine contract over one LMDB environment: one named database per column family, one write
/// transaction per batch (atomic across column families; LMDB allows one writer, so writes are
/// serialized by <see cref="_writeGate"/>), read-only transactions as snapshots and as the implicit
/// view of iterators (NoThreadLocalStorage, so a view may be used from any thread, one at a time).
///
/// Map growth: when a write finds the map full it is aborted, the map is doubled and the batch
/// retried. mdb_env_set_mapsize remaps, so no thread may touch mapped memory meanwhile:
/// every read holds <see cref="_mapLock"/> shared while it reads the map and copies out what it
/// returns (values, iterator keys), and the grow holds it exclusively. Open read transactions
/// survive a remap (they hold page numbers, not pointers); cursors do not, so iterators reopen
/// theirs when <see cref="MapGeneration"/> changed. The lock is never held across user code, so a
/// thread holding a snapshot can still write.
///
/// Durability: by default the environment is MDB_NOSYNC: a commit is written to the OS (survives
/// kill -9) and WriteOptions.Sync adds mdb_env_sync (survives a machine crash). An I/O error on the
/// write path latches the engine into refusing writes until reopened.
/// </summary>
internal sealed class LmdbEngine : IKvEngine
{
    private const int ReadPoolSize = 16;

    private readonly LightningEnvironment _env;
    private readonly LightningDatabase[] _dbs;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly string _directory;
    private readonly bool _syncCommits;
    private readonly LmdbKeyLayout _layout;
    private readonly Lock _writeGate = new();
    private readonly ReaderWriterLockSlim _mapLock = new(LockRecursionPolicy.NoRecursion);
    private readonly LightningTransaction?[] _readPool = new LightningTransaction?[ReadPoolSize];
    private readonly LiveHandles _live = new(); // open iterators and snapshots, closed by Dispose
    private readonly IoCounters _io = new();
    private Exception? _writeFailure;
    private int _mapGeneration;
    private long _mapResizes;
    private long _commits;

    private LmdbEngine(LightningEnvironment env, LightningDatabase[] dbs, IReadOnlyList<ColumnFamilyDescriptor> cfs, string directory, bool syncCommits)
    {
        _env = env;
        _dbs = dbs;
        _directory = directory;
        _syncCommits = syncCommits;
        _layout = new LmdbKeyLayout(env.MaxKeySize);
        _handles = new ColumnFamilyHandle[cfs.Count];
        for (var i = 0; i < cfs.Count; i++) _handles[i] = new ColumnFamilyHandle(i, cfs[i].Name, this);
    }

    public string Name => LmdbEngineFactory.EngineName;
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;
    internal int MapGeneration => Volatile.Read(ref _mapGeneration);
    internal LmdbKeyLayout Layout => _layout;
    internal ReaderWriterLockSlim MapLock => _mapLock;

    public static LmdbEngine Open(EngineOpenRequest request)
    {
        LmdbLibrary.EnsureResolver();
        var o = LmdbOptions.From(request.Options);
        Directory.CreateDirectory(request.Directory);
        // Before LMDB creates or maps anything: the directory is an lmdb one (or new), not another engine's.
        EngineIdentity.Claim(LocalFileSystem.Instance, Path.GetFullPath(request.Directory), LmdbEngineFactory.EngineName, LmdbEngineFactory.IdentityFormatVersion, LmdbEngineFactory.OwnsLmdbFile);
        var config = new EnvironmentConfiguration
        {
            MapSize = o.MapSize,
            MaxDatabases = request.ColumnFamilies.Count + 1,
            MaxReaders = o.MaxReaders,
        };
        var env = new LightningEnvironment(request.Directory, config);
        var flags = EnvironmentOpenFlags.NoThreadLocalStorage;
        var syncCommits = o.SyncCommits;
        if (!syncCommits) flags |= EnvironmentOpenFlags.NoSync;
        if (o.NoReadAhead) flags |= EnvironmentOpenFlags.NoReadAhead;
        if (o.WriteMap) flags |= EnvironmentOpenFlags.WriteMap;
        try
        {
            env.Open(flags);
            var dbs = new LightningDatabase[request.ColumnFamilies.Count];
            using (var txn = env.BeginTransaction())
            {
                for (var i = 0; i < dbs.Length; i++)
                    dbs[i] = txn.OpenDatabase(request.ColumnFamilies[i].Name, new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create });
                Check(txn.Commit(), "opening the column families");
            }
            return new LmdbEngine(env, dbs, request.ColumnFamilies, request.Directory, syncCommits);
        }
        catch (LightningException e)
        {
            env.Dispose();
            throw new StorageException($"lmdb: cannot open {request.Directory}: {e.Message}", e);
        }
        catch (StorageException)
        {
            env.Dispose();
            throw;
        }
    }

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        var db = Db(cf);
        ArgumentNullException.ThrowIfNull(value);
        var snapshot = SnapshotOf(options);
        Span<byte> stored = stackalloc byte[_layout.BucketKeyLength];
        stored = stored[.._layout.Encode(key, stored)];
        if (snapshot is not null)
        {
            lock (snapshot.Gate)
            {
                ObjectDisposedException.ThrowIf(snapshot.Disposed, snapshot);
                return GetIn(snapshot.Transaction, db, key, stored, value);
            }
        }
        var txn = RentReadTransaction();
        try
        {
            return GetIn(txn, db, key, stored, value);
        }
        finally
        {
            ReturnReadTransaction(txn);
        }
    }

    /// <summary>Looks <paramref name="key"/> up in a read transaction and copies the value out, all under the map lock.</summary>
    private bool GetIn(LightningTransaction txn, LightningDatabase db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored, IBufferWriter<byte> value)
    {
        _mapLock.EnterReadLock();
        try
        {
            var (rc, _, v) = txn.Get(db, stored);
            if (rc == MDBResultCode.NotFound) return false;
            Check(rc, "get");
            var data = v.AsSpan();
            if (_layout.IsBucketed(key))
            {
                if (!LongKeyBucket.TryFind(data, _layout.Suffix(key), out var found)) return false;
                data = found;
            }
            value.Write(data);
            return true;
        }
        finally
        {
            _mapLock.ExitReadLock();
        }
    }

    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_dbs.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_dbs.Length}", nameof(batch));
        var sync = options?.Sync == true;
        lock (_writeGate)
        {
            ThrowIfDisposed();
            if (_writeFailure is { } failure)
                throw new EngineWriteStoppedException($"lmdb engine stopped accepting writes after an earlier failure; reopen it ({failure.Message})", failure);
            try
            {
                while (!TryCommit(batch)) Grow();
                _commits++;
                if (sync && !_syncCommits) SyncToDisk();
            }
            catch (Exception e) when (e is LightningException or StorageException and not EngineWriteStoppedException)
            {
                _writeFailure = e;
                throw new EngineWriteStoppedException($"lmdb write failed; the engine refuses writes until reopened: {e.Message}", e);
            }
        }
    }

    /// <summary>Applies the batch in one write transaction; false (transaction aborted) when the map is full.</summary>
    private bool TryCommit(WriteBatch batch)
    {
        using var txn = _env.BeginTransaction();
        Span<byte> stored = stackalloc byte[_layout.BucketKeyLength];
        foreach (var op in batch)
        {
            var db = _dbs[op.ColumnFamilyId];
            var s = stored[.._layout.Encode(op.Key, stored)];
            MDBResultCode rc;
            if (_layout.IsBucketed(op.Key)) rc = ApplyBucketed(txn, db, s, op);
            else if (op.Kind == WriteBatchOperationKind.Put) rc = txn.Put(db, s, op.Value, PutOptions.None);
            else
            {
                rc = txn.Delete(db, s);
                if (rc == MDBResultCode.NotFound) rc = MDBResultCode.Success;
            }
            if (rc == MDBResultCode.MapFull)
            {
                txn.Abort();
                return false;
            }
            Check(rc, "write");
        }
        var commit = txn.Commit();
        if (commit == MDBResultCode.MapFull) return false;
        Check(commit, "commit");
        return true;
    }

    /// <summary>Read-modify-write of a long-key bucket inside the write transaction (rare: keys of 510+ bytes).</summary>
    private MDBResultCode ApplyBucketed(LightningTransaction txn, LightningDatabase db, ReadOnlySpan<byte> bucketKey, WriteBatchOperation op)
    {
        var (rc, _, v) = txn.Get(db, bucketKey);
        if (rc != MDBResultCode.Success && rc != MDBResultCode.NotFound) return rc;
        var bucket = rc == MDBResultCode.Success ? v.AsSpan() : default;
        var suffix = _layout.Suffix(op.Key);
        if (op.Kind == WriteBatchOperationKind.Put) return txn.Put(db, bucketKey, LongKeyBucket.Upsert(bucket, suffix, op.Value), PutOptions.None);
        var rest = LongKeyBucket.Remove(bucket, suffix, out var removed);
        if (!removed) return MDBResultCode.Success;
        if (rest is not null) return txn.Put(db, bucketKey, rest, PutOptions.None);
        rc = txn.Delete(db, bucketKey);
        return rc == MDBResultCode.NotFound ? MDBResultCode.Success : rc;
    }

    /// <summary>Doubles the map. Called by the writer between transactions; excludes every reader of mapped memory meanwhile.</summary>
    private void Grow()
    {
        _mapLock.EnterWriteLock();
        try
        {
            _env.MapSize = checked(_env.MapSize * 2);
            Interlocked.Increment(ref _mapGeneration);
            _mapResizes++;
        }
        finally
        {
            _mapLock.ExitWriteLock();
        }
    }

    private void SyncToDisk()
    {
        Check(_env.Flush(true), "mdb_env_sync");
        _io.AddSync();
    }

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        var db = Db(cf);
        var snapshot = SnapshotOf(options);
        LmdbIterator it;
        if (snapshot is not null)
        {
            it = new LmdbIterator(this, db, snapshot.Transaction, snapshot, ownsTransaction: false, options!.LowerBound, options.UpperBound);
        }
        else
        {
            var txn = BeginRead();
            it = new LmdbIterator(this, db, txn, null, ownsTransaction: true, options?.LowerBound, options?.UpperBound);
        }
        Track(it);
        return it;
    }

    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        var s = new LmdbSnapshot(this, BeginRead());
        Track(s);
        return s;
    }

    public void Flush()
    {
        ThrowIfDisposed();
        lock (_writeGate) SyncToDisk();
    }

    /// <summary>Nothing to do: a B+tree reuses freed pages in place; LMDB's only compaction is a copy to another file (mdb_env_copy2 with MDB_CP_COMPACT).</summary>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default) => Db(cf);

    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        var info = _env.Info;
        var envStats = _env.EnvironmentStats;
        counters[LmdbCounterNames.MapSize] = _env.MapSize;
        counters[LmdbCounterNames.MapResizes] = Interlocked.Read(ref _mapResizes);
        counters[LmdbCounterNames.PageSize] = envStats.PageSize;
        counters[LmdbCounterNames.LastPage] = info.LastPageNumber;
        counters[LmdbCounterNames.LastTxnId] = info.LastTransactionId;
        counters[LmdbCounterNames.Commits] = Interlocked.Read(ref _commits);
        long entries = 0, leaf = 0, branch = 0, overflow = 0, depth = 0;
        var txn = RentReadTransaction();
        try
        {
            foreach (var db in _dbs)
            {
                var st = txn.GetStats(db);
                entries += st.Entries;
                leaf += st.LeafPages;
                branch += st.BranchPages;
                overflow += st.OverflowPages;
                depth = Math.Max(depth, st.BTreeDepth);
            }
        }
        finally
        {
            ReturnReadTransaction(txn);
        }
        counters[LmdbCounterNames.Entries] = entries;
        counters[LmdbCounterNames.LeafPages] = leaf;
        counters[LmdbCounterNames.BranchPages] = branch;
        counters[LmdbCounterNames.OverflowPages] = overflow;
        counters[LmdbCounterNames.Depth] = depth;
        return new EngineMetrics(_io.Snapshot(), DirectorySize(_directory), counters);
    }

    /// <summary>"stats": the environment and per-column-family B+tree statistics (mdb_env_info, mdb_stat); null for other names.</summary>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var info = _env.Info;
        sb.Append(inv, $"{_env.Version.Version}; map {_env.MapSize} bytes ({Interlocked.Read(ref _mapResizes)} resizes), last page {info.LastPageNumber}, last txn {info.LastTransactionId}, page size {_env.EnvironmentStats.PageSize}").AppendLine();
        var txn = RentReadTransaction();
        try
        {
            for (var i = 0; i < _dbs.Length; i++)
            {
                var st = txn.GetStats(_dbs[i]);
                sb.Append(inv, $"{_handles[i].Name}: entries {st.Entries}, depth {st.BTreeDepth}, branch pages {st.BranchPages}, leaf pages {st.LeafPages}, overflow pages {st.OverflowPages}").AppendLine();
            }
        }
        finally
        {
            ReturnReadTransaction(txn);
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        if (!_live.Close()) return; // closes open iterators and snapshots first
        lock (_writeGate)
        {
            for (var i = 0; i < _readPool.Length; i++) Interlocked.Exchange(ref _readPool[i], null)?.Dispose();
            foreach (var db in _dbs) db.Dispose();
            _env.Dispose(); // mdb_env_close: commits are already in the file (or synced)
        }
        _mapLock.Dispose();
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

    private LightningDatabase Db(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return _dbs[cf.Id];
    }

    private LmdbSnapshot? SnapshotOf(ReadOptions? options)
    {
        if (options?.Snapshot is null) return null;
        if (options.Snapshot is not LmdbSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s;
    }

    private LightningTransaction BeginRead()
    {
        try
        {
            return _env.BeginTransaction(TransactionBeginFlags.ReadOnly);
        }
        catch (LightningException e)
        {
            throw new StorageException($"lmdb: cannot begin a read transaction: {e.Message}", e);
        }
    }

    /// <summary>A renewed read transaction from the pool (mdb_txn_reset/renew keeps its reader slot), or a new one.</summary>
    private LightningTransaction RentReadTransaction()
    {
        ThrowIfDisposed();
        var pool = _readPool;
        for (var i = 0; i < pool.Length; i++)
        {
            if (Volatile.Read(ref pool[i]) is not null && Interlocked.Exchange(ref pool[i], null) is { } txn)
            {
                Check(txn.Renew(), "mdb_txn_renew");
                return txn;
            }
        }
        return BeginRead();
    }

    private void ReturnReadTransaction(LightningTransaction txn)
    {
        txn.Reset();
        if (!_live.IsClosed)
        {
            var pool = _readPool;
            for (var i = 0; i < pool.Length; i++)
                if (Interlocked.CompareExchange(ref pool[i], txn, null) is null)
                    return;
        }
        txn.Dispose();
    }

    internal static void Check(MDBResultCode rc, string what)
    {
        if (rc == MDBResultCode.Success) return;
        if (rc is MDBResultCode.Corrupted or MDBResultCode.PageNotFound or MDBResultCode.Panic or MDBResultCode.VersionMismatch or MDBResultCode.Invalid)
            throw new CorruptionException($"lmdb {what}: {rc}");
        // LMDB's own codes are negative; a positive one is the errno of a failed system call (EIO, ENOSPC, ...).
        if ((int)rc > 0)
            throw StorageIOException.From(new IOException($"errno {(int)rc}", (int)rc), $"lmdb {what} failed");
        throw new StorageException($"lmdb {what} failed: {rc}");
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
                // gone while we listed
            }
        }
        return total;
    }
}
