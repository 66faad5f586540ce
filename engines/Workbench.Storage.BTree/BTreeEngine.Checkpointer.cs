using Workbench.Storage.BTree.Checkpoint;
using Workbench.Storage.BTree.FreeSpace;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree;

/// <summary>The background checkpointer: when a checkpoint is due, the write stop, and the checkpoint itself.</summary>
public sealed partial class BTreeEngine
{
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

    private void DeleteLogsBelow(long number)
    {
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out var n) && n < number)
                _fs.DeleteFile(FilePaths.Combine(_directory, name));
    }
}
