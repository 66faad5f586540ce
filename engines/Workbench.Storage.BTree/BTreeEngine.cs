using System.Buffers;
using System.Globalization;
using System.Text;
using Workbench.Storage.Batch;
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
/// Lock order: _checkpointLock → _writePath → tree lock → buffer pool / free space / snapshot locks.
/// The write leader never takes _checkpointLock.
/// </summary>
public sealed class BTreeEngine : IKvEngine
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
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        options ??= WriteOptions.Default;
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_handles.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_handles.Length}", nameof(batch));
        if (batch.Count == 0) return;
        var parts = default(WriteParts);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var gcStart = GC.GetTotalPauseDuration();
        if (Interlocked.Read(ref _walBytes) >= 2 * _options.CheckpointWalBytes)
        {
            WaitForLogSwitch();
            parts.WriteStop = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }
        var w = new PendingWrite(batch, options);
        var joined = System.Diagnostics.Stopwatch.GetTimestamp();
        // Wait until a leader has committed this batch, or it reaches the head of the queue and leads.
        Exception? error;
        if (_queue.Join(w)) error = LeadGroup(w, joined, ref parts);
        else
        {
            error = w.Error;
            parts.Queue = System.Diagnostics.Stopwatch.GetTimestamp() - joined;
        }
        parts.Total = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        parts.Gc = (long)((GC.GetTotalPauseDuration() - gcStart).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _stalls.Note(parts);
        if (error is not null)
            throw error as EngineWriteStoppedException ?? new EngineWriteStoppedException($"btree write failed and the engine stopped accepting writes; reopen it: {error.Message}", error);
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
    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var c = new Dictionary<string, long>();
        long entries = 0, live = 0, leaf = 0, branch = 0, overflow = 0, height = 0;
        _treeLock.EnterReadLock();
        try
        {
            foreach (var t in _trees)
            {
                entries += t.Entries;
                live += t.LiveBytes;
                leaf += t.LeafPages;
                branch += t.BranchPages;
                overflow += t.OverflowPages;
                height = Math.Max(height, t.Height);
            }
            c[BTreeCounterNames.CowCopies] = _store.CowCopies;
            c[BTreeCounterNames.Splits] = _writer.Splits;
            c[BTreeCounterNames.Merges] = _writer.Merges;
            c[BTreeCounterNames.Redistributions] = _writer.Redistributions;
            c["sequence"] = _sequence;
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
        c["entries"] = entries;
        c["live_bytes"] = live;
        c[BTreeCounterNames.Height] = height;
        c[BTreeCounterNames.PagesLeaf] = leaf;
        c[BTreeCounterNames.PagesBranch] = branch;
        c[BTreeCounterNames.PagesOverflow] = overflow;
        c[BTreeCounterNames.PagesFree] = _space.FreeOrPendingCount;
        c[BTreeCounterNames.PagesFile] = _space.PageCount;
        c[BTreeCounterNames.FillFactorPct] = leaf + overflow == 0 ? 0 : live * 100 / ((leaf + overflow) * _pageSize);
        c[CounterNames.BlockCacheHit] = _cache.Hits;
        c[CounterNames.BlockCacheMiss] = _cache.Misses;
        c[BTreeCounterNames.CacheEvictions] = _cache.Evictions;
        c[BTreeCounterNames.CacheWriteBacks] = _cache.WriteBacks;
        c[BTreeCounterNames.CacheOvercommits] = _cache.Overcommits;
        c[BTreeCounterNames.CacheResidentPages] = _cache.ResidentPages;
        c[BTreeCounterNames.Checkpoints] = Interlocked.Read(ref _checkpoints);
        c[BTreeCounterNames.CheckpointPagesLast] = Interlocked.Read(ref _lastCheckpointPages);
        c[BTreeCounterNames.CheckpointPagesTotal] = Interlocked.Read(ref _checkpointPagesTotal);
        c[BTreeCounterNames.CheckpointId] = CheckpointId;
        c[BTreeCounterNames.CheckpointFreezeMaxUs] = Interlocked.Read(ref _checkpointFreezeMaxUs);
        c[BTreeCounterNames.CheckpointMaxMs] = Interlocked.Read(ref _checkpointMaxMs);
        c[BTreeCounterNames.WalBackpressureWaits] = Interlocked.Read(ref _backpressureWaits);
        c[BTreeCounterNames.IoPageRewritesBeforeSyncBytes] = _cache.RewritesBeforeSyncBytes;
        c[BTreeCounterNames.CacheDirtyPages] = _cache.DirtyPages;
        c[BTreeCounterNames.CacheCleanedPages] = _cache.CleanedPages;
        c[BTreeCounterNames.CacheWriteBackMaxUs] = _cache.WriteBackMaxUs;
        c[BTreeCounterNames.WriteWalAppendMaxUs] = TicksToUs(Interlocked.Read(ref _walAppendMaxTicks));
        c[BTreeCounterNames.WriteTreeLockWaitMaxUs] = TicksToUs(Interlocked.Read(ref _treeLockWaitMaxTicks));
        c[BTreeCounterNames.WriteApplyMaxUs] = TicksToUs(Interlocked.Read(ref _applyMaxTicks));
        c[BTreeCounterNames.WriteSlowGroups] = Interlocked.Read(ref _slowGroups);
        c[BTreeCounterNames.WriteSlowByWal] = Interlocked.Read(ref _slowByWal);
        c[BTreeCounterNames.WriteSlowByTreeLock] = Interlocked.Read(ref _slowByTreeLock);
        c[BTreeCounterNames.WriteSlowByApply] = Interlocked.Read(ref _slowByApply);
        c[BTreeCounterNames.WalGroups] = Interlocked.Read(ref _groups);
        c[BTreeCounterNames.WalBatches] = Interlocked.Read(ref _batches);
        c[BTreeCounterNames.RecoveryReplayedBatches] = _replayedBatches;
        _stalls.AddCounters(c);
        return new EngineMetrics(_fs.Counters.Snapshot(), DiskBytes(), c);
    }

    /// <inheritdoc/>
    public string? GetProperty(string name)
    {
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var m = GetMetrics();
        var c = m.Counters;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"btree engine: page size {_pageSize} B, cache {_cache.CapacityPages} pages ({_options.CacheSize} B), checkpoint every {_options.CheckpointWalBytes} log bytes");
        if (_options.CheckpointIntervalMs > 0) sb.Append(inv, $" or {_options.CheckpointIntervalMs} ms");
        sb.AppendLine();
        sb.AppendLine(inv, $"  checkpoint id {c[BTreeCounterNames.CheckpointId]} (recovered from {_recoveredCheckpointId}, replayed {_replayedBatches} batches), checkpoints {c[BTreeCounterNames.Checkpoints]}, pages written: last {c[BTreeCounterNames.CheckpointPagesLast]}, total {c[BTreeCounterNames.CheckpointPagesTotal]}");
        _treeLock.EnterReadLock();
        try
        {
            foreach (var t in _trees)
            {
                var pages = t.LeafPages + t.OverflowPages;
                var fill = pages == 0 ? 0 : 100.0 * t.LiveBytes / (pages * (double)_pageSize);
                sb.AppendLine(inv, $"  cf {t.Name}: height {t.Height}, {t.Entries} entries, {t.LiveBytes} live bytes, pages leaf {t.LeafPages} branch {t.BranchPages} overflow {t.OverflowPages}, leaf fill {fill:F1}%");
            }
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
        var live = c["live_bytes"];
        sb.AppendLine(inv, $"  file: {c[BTreeCounterNames.PagesFile]} pages ({c[BTreeCounterNames.PagesFile] * _pageSize} B), free or pending {c[BTreeCounterNames.PagesFree]}; disk {m.DiskBytes} B vs live {live} B (space amp {(live == 0 ? 0 : (double)m.DiskBytes / live):F2})");
        sb.AppendLine(inv, $"  buffer pool: hits {c[CounterNames.BlockCacheHit]}, misses {c[CounterNames.BlockCacheMiss]}, evictions {c[BTreeCounterNames.CacheEvictions]}, dirty write-backs {c[BTreeCounterNames.CacheWriteBacks]}, resident {c[BTreeCounterNames.CacheResidentPages]}, dirty {c[BTreeCounterNames.CacheDirtyPages]}, written ahead by the page cleaner {c[BTreeCounterNames.CacheCleanedPages]}");
        sb.AppendLine(inv, $"  writes: {c[BTreeCounterNames.WalBatches]} batches in {c[BTreeCounterNames.WalGroups]} commit groups; cow copies {c[BTreeCounterNames.CowCopies]}, splits {c[BTreeCounterNames.Splits]}, redistributions {c[BTreeCounterNames.Redistributions]}, merges {c[BTreeCounterNames.Merges]}");
        sb.Append("  io bytes:");
        foreach (var (cat, bytes) in m.Io.ToDictionary()) sb.Append(inv, $" {cat}={bytes}");
        sb.AppendLine();
        return sb.ToString();
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

    // ---- write path ----

    /// <summary>
    /// Commits the queue's head batch and every batch queued behind it (LevelDB's group commit): one
    /// log append and at most one sync for the group, then apply under the tree write lock, then
    /// wake the group and the next head. Caller is the queue's leader (<paramref name="leader"/>);
    /// returns the group's failure. The group list is not read after <see cref="GroupCommitQueue{T}.Finish"/>
    /// (the next leader may use it once this one leaves _writePath).
    /// </summary>
    private Exception? LeadGroup(PendingWrite leader, long joined, ref WriteParts parts)
    {
        Exception? error = null;
        lock (_writePath)
        {
            parts.Queue = System.Diagnostics.Stopwatch.GetTimestamp() - joined;
            _group.Clear();
            _group.Add(leader);
            try
            {
                _queue.CollectFollowers(_group, AcceptEveryFollower);
                CommitGroup(ref parts);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                _queue.Finish(_group, error);
            }
        }
        if (error is not null) return error;
        // Wake the checkpointer; never checkpoint here (that was the second-long write stall).
        if (CheckpointDue()) _checkpointWanted.Set();
        return null;
    }

    /// <summary>The log has grown by checkpoint_wal_bytes since the last freeze, or the interval passed.</summary>
    private bool CheckpointDue() =>
        Interlocked.Read(ref _walBytes) >= _options.CheckpointWalBytes
        || (_options.CheckpointIntervalMs > 0 && Environment.TickCount64 - Interlocked.Read(ref _lastCheckpointTicks) >= _options.CheckpointIntervalMs);

    /// <summary>
    /// Write stop (as RocksDB's when flushes fall behind): the log has grown to twice
    /// checkpoint_wal_bytes because the checkpointer has not kept up (it is still writing the
    /// previous checkpoint, or got no CPU); wait until it switches the log, which bounds the log
    /// and so recovery time. Never reached while checkpoints keep pace. Called without locks.
    /// </summary>
    private void WaitForLogSwitch()
    {
        Interlocked.Increment(ref _backpressureWaits);
        lock (_switchMonitor)
        {
            while (Interlocked.Read(ref _walBytes) >= 2 * _options.CheckpointWalBytes && !_disposed && Volatile.Read(ref _writeFailure) is null)
            {
                _checkpointWanted.Set();
                Monitor.Wait(_switchMonitor, 1000); // pulsed at each log switch and on failure; the timeout only re-checks
            }
        }
    }

    private void PulseLogSwitch()
    {
        lock (_switchMonitor) Monitor.PulseAll(_switchMonitor);
    }

    /// <summary>The background checkpointer: one checkpoint per wake-up, until Dispose.</summary>
    private void CheckpointLoop()
    {
        while (true)
        {
            _checkpointWanted.WaitOne();
            if (_stopCheckpointer) return;
            lock (_checkpointLock)
            {
                // Groups committed between the first wake-up and the freeze set the event again; the
                // log they filled was switched by that checkpoint, so check before taking another.
                if (_disposed || _writeFailure is not null || !CheckpointDue()) continue;
                try
                {
                    Checkpoint();
                }
                catch (EngineWriteStoppedException)
                {
                    // Recorded by Stop: later writes fail with it; reopening recovers from the last durable checkpoint.
                    PulseLogSwitch();
                }
            }
        }
    }

    /// <summary>
    /// The page cleaner (InnoDB's page cleaner with adaptive flushing, in miniature): below a quarter
    /// of the pool dirty it sleeps; above, it writes back dirty frames just ahead of the clock hand in
    /// rounds that grow with the dirty fraction (16, 64, 256 pages) and come faster (every 5, 2, 1 ms),
    /// so the writer's own eviction write-backs — IO on the write path — become rare, and a checkpoint
    /// finds most frozen pages already written (it syncs them; the OS coalesced the writes). It never
    /// blocks a writer: when it falls behind, eviction writes back as before. A failed write is
    /// recorded by the pool; the next write stops the engine.
    /// </summary>
    private void CleanerLoop()
    {
        var capacity = _cache.CapacityPages;
        while (!_stopCheckpointer)
        {
            var fraction = (double)_cache.DirtyPages / capacity;
            int batch, waitMs;
            if (fraction < 0.25) (batch, waitMs) = (0, 20);
            else if (fraction < 0.5) (batch, waitMs) = (16, 5);
            else if (fraction < 0.75) (batch, waitMs) = (64, 2);
            else (batch, waitMs) = (256, 1);
            if (batch > 0 && Volatile.Read(ref _writeFailure) is null && _cache.WriteFailure is null)
            {
                try
                {
                    _cache.CleanAhead(batch, Math.Max(64, capacity / 4));
                }
                catch (IOException)
                {
                    // Recorded in the pool's WriteFailure: ThrowIfStopped turns it into a write stop.
                }
                catch (Exception e) when (e is StorageException or InvalidOperationException)
                {
                    Stop(e); // never let the thread die with an unhandled exception (it would end the process)
                }
            }
            _cleanerWake.WaitOne(waitMs);
        }
    }

    /// <summary>Writes back dirty frames ahead of the clock hand now, as the page cleaner does (tests).</summary>
    internal int CleanPagesNow(int maxPages) => _cache.CleanAhead(maxPages, int.MaxValue);

    internal int DirtyPages => _cache.DirtyPages;

    private static long TicksToUs(long ticks) => (long)System.Diagnostics.Stopwatch.GetElapsedTime(0, ticks).TotalMicroseconds;

    private static void TicksMax(ref long target, long ticks)
    {
        if (ticks > Interlocked.Read(ref target)) Interlocked.Exchange(ref target, ticks); // one writer (the leader)
    }

    private void CommitGroup(ref WriteParts parts)
    {
        ThrowIfStopped();
        var sync = false;
        var logged = false;
        foreach (var g in _group) sync |= g.Options.Sync;
        var seq = _sequence;
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            foreach (var g in _group)
            {
                seq++;
                if (g.Options.DisableWal) _unloggedSinceCheckpoint = true;
                else
                {
                    _wal.Add(WalRecordType.Batch, seq, g.Batch.Data);
                    logged = true;
                }
            }
            if (logged)
            {
                if (sync) _wal.Sync();
                else _wal.Flush();
                Interlocked.Exchange(ref _walBytes, _wal.BytesWritten);
            }
        }
        catch (IOException e)
        {
            Stop(e);
            throw new EngineWriteStoppedException($"write-ahead log append failed; the engine stopped accepting writes: {e.Message}", e);
        }
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        _treeLock.EnterWriteLock();
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        var poolLock0 = PageCache.ThreadLockWaitTicks;
        var writeBack0 = PageCache.ThreadWriteBackTicks;
        var read0 = PageCache.ThreadReadTicks;
        try
        {
            foreach (var g in _group)
            {
                ApplyBatch(g.Batch.Data, _handleTree);
                _sequence++;
            }
        }
        catch (Exception e)
        {
            // A half-applied batch must not be built upon: stop; reopening replays the log.
            Stop(e);
            throw new EngineWriteStoppedException($"applying a batch to the tree failed; the engine stopped accepting writes: {e.Message}", e);
        }
        finally
        {
            _treeLock.ExitWriteLock();
        }
        var t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        NoteWaits(t1 - t0, t2 - t1, t3 - t2);
        parts.Wal = t1 - t0;
        parts.TreeLock = t2 - t1;
        parts.Apply = t3 - t2;
        parts.PoolLock = PageCache.ThreadLockWaitTicks - poolLock0;
        parts.WriteBack = PageCache.ThreadWriteBackTicks - writeBack0;
        parts.PageRead = PageCache.ThreadReadTicks - read0;
        _changedSinceCheckpoint = true;
        _groups++;
        _batches += _group.Count;
    }

    /// <summary>
    /// Records what a commit group spent its time on: the log append (and sync), waiting for the tree
    /// write lock (a checkpoint's freeze, readers), applying (page misses, eviction write-backs). A
    /// group over 5 ms counts as slow, attributed to its largest part.
    /// </summary>
    private void NoteWaits(long wal, long lockWait, long apply)
    {
        TicksMax(ref _walAppendMaxTicks, wal);
        TicksMax(ref _treeLockWaitMaxTicks, lockWait);
        TicksMax(ref _applyMaxTicks, apply);
        if (wal + lockWait + apply < System.Diagnostics.Stopwatch.Frequency / 200) return;
        Interlocked.Increment(ref _slowGroups);
        if (wal >= lockWait && wal >= apply) Interlocked.Increment(ref _slowByWal);
        else if (lockWait >= apply) Interlocked.Increment(ref _slowByTreeLock);
        else Interlocked.Increment(ref _slowByApply);
    }

    private void ApplyBatch(ReadOnlySpan<byte> data, int[] cfToTree)
    {
        foreach (var op in new WriteBatchReader(data))
        {
            if ((uint)op.ColumnFamilyId >= (uint)cfToTree.Length)
                throw new CorruptionException($"batch names column family id {op.ColumnFamilyId}, beyond the {cfToTree.Length} of its log");
            var tree = _trees[cfToTree[op.ColumnFamilyId]];
            if (op.Kind == WriteBatchOperationKind.Put) _writer.Put(tree, op.Key, op.Value);
            else _writer.Delete(tree, op.Key);
        }
    }

    /// <summary>
    /// Writes a checkpoint (FORMAT.md, "Write epochs and copy-on-write"). Caller holds _checkpointLock,
    /// not _writePath. Steps: (1) create and sync the next log and name it in the log list — writers
    /// keep appending to the current log meanwhile; (2) freeze, under _writePath and the tree write
    /// lock (no group is between its log append and its apply): the trees' roots and counts, the
    /// sequence, a new write epoch, the switch to the next log, the ids of the dirty pages and the
    /// free list (with the pages that will hold it) — all in memory, microseconds to milliseconds;
    /// (3) without those locks: write the frozen dirty pages (an eviction may already have), the free
    /// list, sync, write the meta page into the slot the previous checkpoint does not use, sync;
    /// (4) delete the logs below the new one and release the pages the previous checkpoint held.
    /// A crash or failure before the meta page is durable leaves the previous checkpoint, its pages
    /// and every log since intact.
    /// </summary>
    private void Checkpoint()
    {
        ThrowIfStopped();
        lock (_writePath)
            if (!_changedSinceCheckpoint && !_unloggedSinceCheckpoint) return;
        var started = Environment.TickCount64;
        WalWriter? next = null;
        try
        {
            next = WalWriter.Create(_fs, _directory, _wal.Number + 1, _handleNames);
            LogList.Write(_fs, _directory, next.Number);

            List<TreeMeta> metas;
            List<long> dirty, free, freeListPages;
            long epoch, sequence, pageCount, logNumber;
            WalWriter old;
            long freezeStart;
            lock (_writePath)
            {
                ThrowIfStopped();
                _treeLock.EnterWriteLock();
                freezeStart = System.Diagnostics.Stopwatch.GetTimestamp(); // writers wait from here (not while the checkpointer waits for the locks)
                try
                {
                    metas = new List<TreeMeta>(_trees.Count);
                    foreach (var t in _trees) metas.Add(t.ToMeta());
                    _store.FreezeForCheckpoint();
                    epoch = _store.WriteEpoch; // recovery resumes at epoch + 1: every page of this checkpoint is frozen then
                    sequence = _sequence;
                    dirty = _cache.DirtyLivePageIds();
                    (free, freeListPages) = _space.BeginCheckpoint(FreeListFormat.IdsPerPage(_pageSize));
                    pageCount = _space.PageCount;
                    old = _wal;
                    logNumber = next.Number;
                    _wal = next;
                    next = null;
                    Interlocked.Exchange(ref _walBytes, _wal.BytesWritten);
                    _changedSinceCheckpoint = false;
                    _unloggedSinceCheckpoint = false;
                }
                finally
                {
                    _treeLock.ExitWriteLock();
                }
            }
            var freezeUs = (long)System.Diagnostics.Stopwatch.GetElapsedTime(freezeStart).TotalMicroseconds;
            InterlockedMax(ref _checkpointFreezeMaxUs, freezeUs);
            PulseLogSwitch();
            old.Dispose();
            dirty.Sort(); // ascending offsets: sequential-ish IO
            FreeSpaceManager.SortFreeList(free, freeListPages);

            var written = 0;
            foreach (var id in dirty)
                if (_cache.WriteIfDirty(id, WriteCategory.Checkpoint)) written++;
            foreach (var page in freeListPages) _cache.Forget(page);
            var head = FreeListFormat.Write(_cache, freeListPages, free, epoch);
            SyncPageFile();

            var meta = new MetaPage(_checkpointId + 1, _pageSize, epoch, logNumber, sequence, pageCount, head, free.Count, metas);
            _cache.WriteRaw(meta.CheckpointId % 2, meta.Encode(_pageSize), WriteCategory.Checkpoint);
            SyncPageFile();

            // Durable from here on.
            Volatile.Write(ref _checkpointId, meta.CheckpointId);
            _space.OnCheckpointDurable(freeListPages, OldestSnapshotEpoch());
            Interlocked.Exchange(ref _lastCheckpointTicks, Environment.TickCount64);
            Interlocked.Increment(ref _checkpoints);
            Interlocked.Exchange(ref _lastCheckpointPages, written + freeListPages.Count + 1);
            Interlocked.Add(ref _checkpointPagesTotal, written + freeListPages.Count + 1);
            InterlockedMax(ref _checkpointMaxMs, Environment.TickCount64 - started);
            DeleteLogsBelow(meta.WalNumber);
        }
        catch (Exception e) when (e is IOException or StorageException or InvalidOperationException)
        {
            next?.Dispose();
            Stop(e);
            throw new EngineWriteStoppedException($"checkpoint failed; the engine stopped accepting writes: {e.Message}", e);
        }
    }

    private void SyncPageFile()
    {
        _cache.OnSyncStarting();
        _pageSyncFile.Sync();
    }

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

    private void DeleteLogsBelow(long number)
    {
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out var n) && n < number)
                _fs.DeleteFile(FilePaths.Combine(_directory, name));
    }

    // ---- open and recovery ----

    /// <summary>Reads both meta pages; the valid one with the highest checkpoint id wins. Null for a file that never got a meta page.</summary>
    private MetaPage? ReadMeta()
    {
        var buf = new byte[MetaPage.MaxBytes];
        MetaPage? Slot(long offset)
        {
            var n = _pageFile.ReadAt(offset, buf);
            return n == buf.Length ? MetaPage.TryDecode(buf) : null;
        }
        var m0 = Slot(0);
        MetaPage? m1 = null;
        if (m0 is not null) m1 = Slot(m0.PageSize);
        else
            foreach (var size in (ReadOnlySpan<int>)[4096, 8192, 16384])
                if (Slot(size) is { } m && m.PageSize == size)
                {
                    m1 = m;
                    break;
                }
        if (m1 is not null && m1.PageSize != (m0?.PageSize ?? m1.PageSize)) m1 = null;
        var best = m0 is null ? m1 : m1 is null ? m0 : m0.CheckpointId >= m1.CheckpointId ? m0 : m1;
        if (best is not null) return best;
        // No valid meta page. Creation writes and syncs both meta pages before the log accepts a
        // write, so this is an interrupted creation only if the file is no bigger than the two meta
        // pages and no log holds a batch: a log with records means acknowledged writes, and a
        // damaged file, never something to start over from (never delete on doubt).
        var length = _pageFile.Length;
        if (length > 2 * 16384)
            throw new CorruptionException(_pagePath, 0, "neither meta page (page 0 or 1) is valid");
        RefuseLogsWithBatches("neither meta page (page 0 or 1) is valid");
        return null;
    }

    /// <summary>
    /// Before creation starts over: a log that holds a batch record means acknowledged writes whose
    /// page file is damaged or gone, so creation must not erase it.
    /// </summary>
    private void RefuseLogsWithBatches(string what)
    {
        foreach (var name in _fs.ListFiles(_directory))
        {
            if (!WalWriter.TryParseNumber(name, out _)) continue;
            var path = FilePaths.Combine(_directory, name);
            long batches = 0;
            WalReader.Replay(_fs, path, requireHeader: false, (type, _, _) =>
            {
                if (type == WalRecordType.Batch) batches++;
            });
            if (batches > 0)
                throw new CorruptionException(_pagePath, 0,
                    $"{what}, but {name} holds {batches} logged batches: the page file is damaged or missing, not a creation that was interrupted; nothing was deleted (restore {PageFileName} from a backup)");
        }
    }

    /// <summary>
    /// The identity file says a database was created here, yet the page file is missing or empty:
    /// with a log beside it (every checkpoint leaves one, even if it holds only its header) that is
    /// a deleted page file, never a new database. (Only a crash within the first open, after the
    /// identity file and the first log but before the page file was synced, looks the same; nothing
    /// was acknowledged then, and the message says how to start over.)
    /// </summary>
    private void RefuseMissingPageFile()
    {
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out _) || name == LogList.FileName)
                throw new CorruptionException(_pagePath, 0,
                    $"{PageFileName} is missing or empty, but the directory holds a btree database ({EngineIdentity.FileName}, {name}): nothing was changed (restore {PageFileName} from a backup; if the database was never written to, remove the directory to start over)");
    }

    private MetaPage InitNew()
    {
        var pageSize = _options.PageSize;
        // The first log exists before the page file has a meta page: a crash in between leaves an empty
        // page file and a log without batches, which start over. A log with batches is never erased.
        RefuseLogsWithBatches(_fs.FileExists(_pagePath) && _fs.GetFileSize(_pagePath) > 0 ? "the page file has no valid meta page" : $"{PageFileName} is missing or empty");
        DeleteLogsBelow(long.MaxValue);
        WalWriter.Create(_fs, _directory, 1, _handleNames).Dispose();
        LogList.Write(_fs, _directory, 1);
        var trees = new List<TreeMeta>(_handleNames.Length);
        foreach (var n in _handleNames) trees.Add(new TreeMeta(n, 0, 0, 0, 0, 0, 0, 0));
        var meta = new MetaPage(1, pageSize, 1, 1, 0, 2, 0, 0, trees);
        _pageFile.Truncate(0);
        _pageFile.Category = WriteCategory.Checkpoint;
        // Both slots get the empty checkpoint (id 0 in page 0, id 1 in page 1; the next checkpoint,
        // id 2, overwrites page 0), so one damaged meta page of a database that never checkpointed
        // falls back to the other copy instead of looking like an interrupted creation.
        _pageFile.WriteAt(0, (meta with { CheckpointId = 0 }).Encode(pageSize));
        _pageFile.WriteAt(pageSize, meta.Encode(pageSize));
        _pageFile.Sync();
        _fs.SyncDirectory(_directory);
        return meta;
    }

    private int TreeIndexFor(string name)
    {
        for (var i = 0; i < _trees.Count; i++)
            if (_trees[i].Name == name) return i;
        _trees.Add(new TreeState(new TreeMeta(name, 0, 0, 0, 0, 0, 0, 0)));
        return _trees.Count - 1;
    }

    /// <summary>
    /// Replays the logs the checkpoint needs — every one from its log number up to the newest the log
    /// list names, each of which must exist — applying batches newer than it. A log numbered above
    /// the newest is the leftover of an interrupted log switch and must hold no batch. Logs below the
    /// checkpoint's are obsolete (the durable checkpoint contains them) and are deleted only after
    /// the replay succeeded. Returns the highest log number present.
    /// </summary>
    private long ReplayLogs(MetaPage meta, out long replayed)
    {
        var numbers = new List<long>();
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out var n)) numbers.Add(n);
        numbers.Sort();
        long newest;
        if (meta.FormatVersion < 2 && !_fs.FileExists(FilePaths.Combine(_directory, LogList.FileName)))
        {
            // Written before the log list existed: the directory is all there is to go by (once).
            newest = numbers.Count > 0 ? Math.Max(numbers[^1], meta.WalNumber) : meta.WalNumber;
        }
        else newest = LogList.Read(_fs, _directory);
        var listPath = FilePaths.Combine(_directory, LogList.FileName);
        if (newest < meta.WalNumber)
            throw new CorruptionException(listPath, 16,
                $"{LogList.FileName} names log {newest} as the newest, older than log {meta.WalNumber} checkpoint {meta.CheckpointId} starts from (a stale or damaged log list); nothing was changed");
        for (var n = meta.WalNumber; n <= newest; n++)
            if (numbers.BinarySearch(n) < 0)
                throw new CorruptionException(FilePaths.Combine(_directory, WalWriter.FileName(n)), 0,
                    n == meta.WalNumber
                        ? $"log file needed by checkpoint {meta.CheckpointId} is missing (was the newer meta page damaged after its log was deleted?); nothing was changed"
                        : $"log file {WalWriter.FileName(n)} is missing: {LogList.FileName} names logs {meta.WalNumber}..{newest} as the ones checkpoint {meta.CheckpointId} needs, so its batches would be lost; nothing was changed");
        long count = 0;
        foreach (var n in numbers)
        {
            if (n < meta.WalNumber) continue;
            var path = FilePaths.Combine(_directory, WalWriter.FileName(n));
            if (n > newest)
            {
                long batches = 0;
                WalReader.Replay(_fs, path, requireHeader: false, (type, _, _) =>
                {
                    if (type == WalRecordType.Batch) batches++;
                });
                if (batches > 0)
                    throw new CorruptionException(path, 0,
                        $"{WalWriter.FileName(n)} holds {batches} batches but {LogList.FileName} names logs only up to {newest}: the log list is stale or damaged; nothing was changed");
                continue; // created by a log switch that was cut short before the list named it
            }
            int[]? map = null;
            WalReader.Replay(_fs, path, requireHeader: true, (type, seq, payload) =>
            {
                if (type == WalRecordType.Header)
                {
                    var names = WalReader.DecodeHeader(payload, path);
                    map = new int[names.Count];
                    for (var i = 0; i < names.Count; i++) map[i] = TreeIndexFor(names[i]);
                    return;
                }
                if (map is null) throw new CorruptionException(path, 0, "batch record before the log header");
                if (seq <= _sequence) return;
                ApplyBatch(payload, map);
                _sequence = seq;
                _changedSinceCheckpoint = true;
                count++;
            });
        }
        foreach (var n in numbers)
            if (n < meta.WalNumber) _fs.DeleteFile(FilePaths.Combine(_directory, WalWriter.FileName(n)));
        replayed = count;
        return Math.Max(numbers[^1], newest);
    }

    // ---- helpers ----

    private long DiskBytes()
    {
        long disk = 0;
        foreach (var name in _fs.ListFiles(_directory)) disk += _fs.GetFileSize(FilePaths.Combine(_directory, name));
        return disk;
    }

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
