using Workbench.Storage.Batch;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.BTree.WritePath;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree;

/// <summary>The write path: group commit, the log append, applying batches, and the wait causes of each write.</summary>
public sealed partial class BTreeEngine
{
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
}
