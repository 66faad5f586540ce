using System.Buffers;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Checkpoint;
using Workbench.Storage.BTree.FreeSpace;
using Workbench.Storage.BTree.Iterators;
using Workbench.Storage.BTree.Options;
using Workbench.Storage.BTree.Tree;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.BTree.WritePath;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree;

/// <summary>
/// The native B+tree engine: one copy-on-write B+tree per column family in one page file
/// (<c>btree.db</c>), a buffer pool, a logical write-ahead log and double-buffered checkpoints.
/// Design and formats: docs/engines-btree.md and FORMAT.md beside this file.
///
/// Threading:
/// <list type="bullet">
/// <item>Writers queue for group commit; one leader at a time (under <c>_writePath</c>) logs the
/// group with one append and at most one sync, then applies it under the tree write lock.</item>
/// <item>Reads of the latest state take the tree read lock (many at once); reads through a
/// snapshot and iterators take no tree lock: the pages they reach are frozen (copy-on-write).</item>
/// <item>Checkpoints run off the write path, on a background thread the write leader wakes when
/// the log has grown by checkpoint_wal_bytes (or the interval passed), or in Flush/Dispose; one at
/// a time (_checkpointLock). Writers wait only for the freeze, an in-memory step under _writePath
/// and the tree write lock (epoch advanced, log switched to a new file created and named
/// beforehand, dirty-page ids and the free list taken); while the checkpoint then writes those
/// pages, the free list and the meta page and syncs, writers keep appending to the new log and
/// changing the tree — copy-on-write guarantees they never touch a page the checkpoint writes
/// (a frozen page is copied before it changes and not reused until the next checkpoint is durable),
/// and the file is synced through a second handle, outside the pool's lock.</item>
/// </list>
/// Files: this one (state, reads, snapshots, Dispose), BTreeEngine.WritePath.cs (group commit),
/// BTreeEngine.Checkpointer.cs, BTreeEngine.PageCleaner.cs, BTreeEngine.Recovery.cs (open),
/// BTreeEngine.Metrics.cs.
/// Lock order: _checkpointLock → _writePath → tree lock → buffer pool / free space / snapshot locks.
/// The write leader never takes _checkpointLock.
/// </summary>
public sealed partial class BTreeEngine : IKvEngine
{
    internal const string PageFileName = "btree.db";

    private readonly CountingFileSystem _fs;
    private readonly string _directory;
    private readonly string _pagePath;
    private readonly BTreeOptions _options;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly string[] _handleNames;
    private readonly int[] _handleTree;
    private readonly List<TreeState> _trees = new();
    private readonly IWritableFile _pageFile;
    private readonly PageCache _cache;
    private readonly FreeSpaceManager _space;
    private readonly PageStore _store;
    private readonly TreeWriter _writer;
    private readonly int _pageSize;
    private readonly ReaderWriterLockSlim _treeLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _writePath = new();
    private static readonly Func<PendingWrite, bool> AcceptEveryFollower = _ => true;
    private readonly GroupCommitQueue<PendingWrite> _queue = new();
    private readonly List<PendingWrite> _group = new(); // the leader's, under _writePath
    private readonly Lock _snapshotLock = new();
    private readonly List<BTreeSnapshot> _snapshots = new();
    private readonly IWritableFile _pageSyncFile; // a second handle: fsync without the pool's lock or the file handle's
    private readonly IWritableFile _pageCopyFile; // a third: the cleaner's and checkpoint's page writes from copies, outside the pool's lock
    private readonly Lock _checkpointLock = new(); // one checkpoint at a time (background thread, Flush, Dispose)
    private readonly AutoResetEvent _checkpointWanted = new(false);
    private Thread? _checkpointThread;
    private Thread? _cleanerThread;
    private readonly AutoResetEvent _cleanerWake = new(false);
    private volatile bool _stopCheckpointer;
    private readonly object _switchMonitor = new(); // Monitor.Wait/PulseAll: writers held back wait for the next log switch
    private long _walBytes; // Interlocked: bytes in the current log (leader writes, Write reads)
    private long _backpressureWaits;
    private WalWriter _wal;
    private long _sequence;
    private long _checkpointId;
    private long _lastCheckpointTicks = Environment.TickCount64; // Interlocked: checkpointer writes, write leader reads
    private bool _changedSinceCheckpoint;
    private bool _unloggedSinceCheckpoint;
    private Exception? _writeFailure;
    private volatile bool _disposed;

    private long _checkpoints;
    private long _checkpointFreezeMaxUs;
    private long _checkpointMaxMs;
    private long _lastCheckpointPages;
    private long _checkpointPagesTotal;
    private long _groups;
    // Wait causes of the write leader (Stopwatch ticks; issue 21 item 5): what a slow commit waited for.
    private long _walAppendMaxTicks;
    private long _treeLockWaitMaxTicks;
    private long _applyMaxTicks;
    private long _slowGroups;
    private long _slowByWal;
    private long _slowByTreeLock;
    private long _slowByApply;
    private readonly WriteStallProfile _stalls = new();
    private long _batches;
    private readonly long _replayedBatches;
    private readonly long _recoveredCheckpointId;

    internal BTreeEngine(EngineOpenRequest request)
    {
        _options = BTreeOptions.From(request.Options);
        _directory = request.Directory;
        _fs = new CountingFileSystem(request.FileSystem);
        _fs.CreateDirectory(_directory);
        _handles = new ColumnFamilyHandle[request.ColumnFamilies.Count];
        _handleNames = new string[_handles.Length];
        for (var i = 0; i < _handles.Length; i++)
        {
            _handles[i] = new ColumnFamilyHandle(i, request.ColumnFamilies[i].Name, this);
            _handleNames[i] = _handles[i].Name;
        }
        _pagePath = FilePaths.Combine(_directory, PageFileName);
        var identified = _fs.FileExists(FilePaths.Combine(_directory, EngineIdentity.FileName));
        EngineIdentity.Claim(_fs, _directory, "btree", MetaPage.Version, BTreeEngineFactory.OwnsBTreeFile);
        var existed = _fs.FileExists(_pagePath) && _fs.GetFileSize(_pagePath) > 0;
        if (!existed && identified) RefuseMissingPageFile();
        _pageFile = _fs.OpenWritable(_pagePath, WriteCategory.Page);
        _pageSyncFile = _fs.OpenWritable(_pagePath, WriteCategory.Checkpoint);
        _pageCopyFile = _fs.OpenWritable(_pagePath, WriteCategory.Page);
        try
        {
            var meta = (existed ? ReadMeta() : null) ?? InitNew();
            _pageSize = meta.PageSize;
            if (_options.PageSizeExplicit && _options.PageSize != _pageSize)
                throw new EngineConfigException($"engine 'btree': page_size={_options.PageSize} was given, but {_pagePath} was created with {_pageSize}-byte pages (the page size is fixed at creation)");
            _cache = new PageCache(_pageFile, _pagePath, _pageSize, (int)Math.Min(int.MaxValue, _options.CacheSize / _pageSize));
            if (_options.UnlockedPageWrites) _cache.CopyWriteFile = _pageCopyFile;
            var (free, freeListPages) = FreeListFormat.Read(_cache, _pagePath, meta.FreeListHead, meta.PageCount);
            _space = new FreeSpaceManager(meta.PageCount, free, freeListPages);
            _store = new PageStore(_cache, _space, meta.Epoch + 1, OldestSnapshotEpoch);
            _writer = new TreeWriter(_store, _pagePath);
            foreach (var t in meta.Trees) _trees.Add(new TreeState(t));
            _handleTree = new int[_handles.Length];
            for (var i = 0; i < _handles.Length; i++) _handleTree[i] = TreeIndexFor(_handleNames[i]);
            _checkpointId = meta.CheckpointId;
            _recoveredCheckpointId = meta.CheckpointId;
            _sequence = meta.WalSequence;
            var lastWal = ReplayLogs(meta, out _replayedBatches);
            // The new log is named by the log list before it accepts a write (FORMAT.md, log list).
            _wal = WalWriter.Create(_fs, _directory, lastWal + 1, _handleNames);
            LogList.Write(_fs, _directory, _wal.Number);
        }
        catch
        {
            _wal?.Dispose();
            _pageCopyFile.Dispose();
            _pageSyncFile.Dispose();
            _pageFile.Dispose();
            throw;
        }
        _checkpointThread = new Thread(CheckpointLoop) { IsBackground = true, Name = "btree-checkpoint" };
        _checkpointThread.Start();
        if (_options.PageCleaner)
        {
            _cache.PreferCleanVictims = true;
            _cache.CleanVictimSearch = (int)Math.Min(int.MaxValue, _options.CleanVictimSearch);
            _cache.CleanerWake = _cleanerWake;
            _cleanerThread = new Thread(CleanerLoop) { IsBackground = true, Name = "btree-page-cleaner" };
            _cleanerThread.Start();
        }
    }

    /// <inheritdoc/>
    public string Name => "btree";
    /// <inheritdoc/>
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => _handles;

    /// <summary>Id of the checkpoint recovery started from (tests check which meta page was used).</summary>
    internal long RecoveredCheckpointId => _recoveredCheckpointId;

    internal long CheckpointId => Volatile.Read(ref _checkpointId);

    /// <summary>Writers in the group-commit queue (committing or waiting).</summary>
    internal int QueuedWriters
    {
        get { return _queue.Count; }
    }
    internal int PageSize => _pageSize;
    /// <summary>Bytes in the current log (what the checkpoint trigger and the write stop compare with checkpoint_wal_bytes).</summary>
    internal long CurrentLogBytes => Interlocked.Read(ref _walBytes);
    /// <summary>The checkpoint_wal_bytes in force.</summary>
    internal long CheckpointWalBytes => _options.CheckpointWalBytes;
    internal TreeWriter Writer => _writer;

    /// <summary>Checks every tree's invariants and that no page is both in a tree and free; returns the number of pages reachable.</summary>
    internal long VerifyTrees()
    {
        _treeLock.EnterReadLock();
        try
        {
            var seen = new HashSet<long>();
            foreach (var t in _trees) TreeVerifier.Verify(_store, t, seen, _pagePath);
            foreach (var p in _space.FreeAsOfNewCheckpoint())
                if (seen.Contains(p)) throw new InvalidOperationException($"tree invariant broken: page {p} is in a tree and free");
            return seen.Count;
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
    }

    internal int TreeHeight(ColumnFamilyHandle cf)
    {
        _treeLock.EnterReadLock();
        try
        {
            return _trees[_handleTree[CheckHandle(cf)]].Height;
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tree = _handleTree[CheckHandle(cf)];
        try
        {
            return TryGetCore(tree, key, value, options);
        }
        catch (IOException e)
        {
            throw StorageIOException.From(e, "btree get");
        }
    }

    private bool TryGetCore(int tree, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options)
    {
        var snap = SnapshotOf(options);
        if (snap is not null) return TreeReader.TryGet(_store, snap.Roots[tree], key, value, _pagePath);
        _treeLock.EnterReadLock();
        try
        {
            return TreeReader.TryGet(_store, _trees[tree].Root, key, value, _pagePath);
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null)
    {
        var tree = _handleTree[CheckHandle(cf)];
        var snap = SnapshotOf(options);
        var owns = snap is null;
        snap ??= (BTreeSnapshot)GetSnapshot();
        return new BTreeIterator(_store, snap, owns, snap.Roots[tree], options?.LowerBound, options?.UpperBound, _pagePath);
    }

    /// <inheritdoc/>
    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        _treeLock.EnterWriteLock();
        try
        {
            var epoch = _store.Freeze();
            var roots = new long[_trees.Count];
            for (var i = 0; i < roots.Length; i++) roots[i] = _trees[i].Root;
            var snap = new BTreeSnapshot(this, _sequence, epoch, roots);
            lock (_snapshotLock) _snapshots.Add(snap);
            return snap;
        }
        finally
        {
            _treeLock.ExitWriteLock();
        }
    }

    /// <summary>Writes a checkpoint holding every write acknowledged before the call (waits for one in flight first).</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        lock (_checkpointLock)
        {
            ThrowIfStopped();
            Checkpoint();
        }
    }

    /// <summary>A B+tree keeps no garbage to compact: pages are merged on delete and freed pages are reused. Validates the handle only.</summary>
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        CheckHandle(cf);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_checkpointLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _stopCheckpointer = true;
        _checkpointWanted.Set();
        _cleanerWake.Set();
        _checkpointThread?.Join();
        _cleanerThread?.Join();
        lock (_checkpointLock)
        {
            try
            {
                // Writes that skipped the log exist only in pages: persist them (RocksDB flushes unlogged memtables on close too).
                if (_writeFailure is null && _unloggedSinceCheckpoint) Checkpoint();
            }
            catch (StorageException)
            {
                // The failure is recorded; the unlogged writes are lost, as the contract allows for DisableWal.
            }
            lock (_writePath)
            {
                try
                {
                    _wal.Dispose();
                    _pageCopyFile.Dispose();
                    _pageSyncFile.Dispose();
                    _pageFile.Dispose();
                    _checkpointWanted.Dispose();
                    _cache.CleanerWake = null;
                    _cleanerWake.Dispose();
                }
                catch (IOException)
                {
                    // Closing loses at most unsynced bytes, which the durability contract allows.
                }
            }
        }
    }

    internal void ReleaseSnapshot(BTreeSnapshot snapshot)
    {
        lock (_snapshotLock) _snapshots.Remove(snapshot);
        _space.Release(OldestSnapshotEpoch());
    }

    // ---- helpers ----

    private static void InterlockedMax(ref long target, long value)
    {
        var cur = Interlocked.Read(ref target);
        while (value > cur)
        {
            var seen = Interlocked.CompareExchange(ref target, value, cur);
            if (seen == cur) return;
            cur = seen;
        }
    }

    // The checkpointer deletes old logs while metrics are read, so a listed file may be gone by its size.
    private long DiskBytes() => DirectorySize.Of(_fs, _directory);

    private long OldestSnapshotEpoch()
    {
        lock (_snapshotLock)
        {
            var min = long.MaxValue;
            foreach (var s in _snapshots) min = Math.Min(min, s.Epoch);
            return min;
        }
    }

    private void Stop(Exception e)
    {
        Interlocked.CompareExchange(ref _writeFailure, e, null);
        PulseLogSwitch(); // writers held back by the write stop fail now instead of waiting
    }

    private void ThrowIfStopped()
    {
        if (_cache.WriteFailure is { } wf) Stop(wf);
        if (Volatile.Read(ref _writeFailure) is { } failure)
            throw new EngineWriteStoppedException($"btree engine stopped accepting writes after an earlier failure ({failure.Message}); reopen it", failure);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private int CheckHandle(ColumnFamilyHandle cf)
    {
        ArgumentNullException.ThrowIfNull(cf);
        ThrowIfDisposed();
        if (!ReferenceEquals(cf.Owner, this)) throw new ArgumentException($"column family handle {cf} belongs to another engine", nameof(cf));
        return cf.Id;
    }

    private BTreeSnapshot? SnapshotOf(ReadOptions? options)
    {
        ThrowIfDisposed();
        if (options?.Snapshot is null) return null;
        if (options.Snapshot is not BTreeSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("snapshot belongs to another engine", nameof(options));
        ObjectDisposedException.ThrowIf(s.Disposed, s);
        return s;
    }
}
