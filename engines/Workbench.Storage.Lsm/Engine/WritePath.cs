using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Workbench.Storage.Batch;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Lsm.Wal;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// The write path: group commit through the WAL into the memtables, memtable switching and write
/// stalls, and a value separator's checked rewrites. Any thread; the writer at the head of the
/// queue (the leader) does the work for its group. Lock order in <see cref="DbState"/>.
/// </summary>
internal sealed class WritePath
{
    private const int MaxGroupBytes = 1 << 20;

    /// <summary>High bit of a WAL record's operation count: its puts carry <see cref="ValueKind.BlobIndex"/> values (a value separator's rewrites).</summary>
    internal const uint WalBlobIndexFlag = 0x8000_0000;
    private readonly DbState _s;
    private readonly ColumnFamilyState[] _cfs;
    private readonly object _mutex;
    private readonly VersionSet _versions;
    private readonly LsmStatistics _stats;
    private readonly ArrayBufferWriter<byte> _raw = new(); // leader only: rewrite checks
    private readonly GroupCommitQueue<PendingWrite> _queue = new();
    private readonly List<PendingWrite> _group = []; // leader only
    private readonly Func<PendingWrite, bool> _acceptFollower;
    private PendingWrite? _groupLeader; // leader only: the group being collected
    private long _groupBytes; // leader only
    private bool _delaying; // leader only: the last MakeRoomForWrite found a slowdown condition
    private double _owedDelayMicros; // leader only: delay owed at delayed_write_rate, paid in MakeRoomForWrite
    private byte[] _walBuffer = new byte[64 * 1024];

    // Concurrent memtable write: batches logged but not yet visible, in sequence order (head = oldest).
    // Under _publishLock; the leader appends, any inserter that finishes pops what is done from the head.
    private readonly bool _concurrent;
    private readonly Lock _publishLock = new();
    private PendingWrite? _publishHead;
    private PendingWrite? _publishTail;
    [ThreadStatic] private static ManualResetEventSlim? t_publishWakeup;
    private const int PublishSpinCount = 64;

    public WritePath(DbState state)
    {
        _s = state;
        _cfs = state.Cfs;
        _mutex = state.Mutex;
        _versions = state.Versions;
        _stats = state.Stats;
        _acceptFollower = AcceptFollower;
        _concurrent = state.Options.AllowConcurrentMemtableWrite;
    }

    /// <summary>The engine checked the batch is not null and the engine not disposed.</summary>
    public void Write(WriteBatch batch, WriteOptions? options)
    {
        options ??= WriteOptions.Default;
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_cfs.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_cfs.Length}", nameof(batch));
        if (batch.Count == 0) return;
        var w = new PendingWrite(batch, options.Sync || _s.Options.SyncAllWrites, options.DisableWal);
        if (_concurrent) w.PublishWakeup = t_publishWakeup ??= new ManualResetEventSlim(false, PublishSpinCount);
        RunWriter(w);
    }

    /// <summary>
    /// Group commit (<see cref="GroupCommitQueue{T}"/>): the writer at the head of the queue becomes
    /// leader, takes the batches queued behind it, writes them as one WAL record, applies them to the
    /// memtables and wakes the others. Only the leader touches the WAL. With
    /// <see cref="LsmOptions.AllowConcurrentMemtableWrite"/> the leader only logs the group and hands
    /// out sequences: each writer, its own leader included, then leaves the queue (so the next group's
    /// WAL write overlaps) and inserts its own batch (<see cref="InsertAndPublish"/>).
    /// </summary>
    private void RunWriter(PendingWrite w)
    {
        var joined = Stopwatch.GetTimestamp();
        var leads = _queue.Join(w);
        var queueWait = Stopwatch.GetTimestamp() - joined;
        if (!leads)
        {
            if (w.Error is not null) throw w.Error;
            if (w.InsertPending) InsertAndPublish(w, queueWait);
            else WritePathTimes.Add(_stats, queueWait, 0, 0);
            return;
        }
        var group = _group;
        group.Clear();
        group.Add(w);
        Exception? error = null;
        try
        {
            MakeRoomForWrite(force: w.Batch is null);
            if (w.Batch is not null && w.Rewrites is null)
            {
                _groupBytes = w.Batch.Data.Length;
                _groupLeader = w;
                _queue.CollectFollowers(group, _acceptFollower);
                _groupLeader = null;
                if (_concurrent) LogGroup(group, w.Sync, w.DisableWal);
                else WriteGroup(group, w.Sync, w.DisableWal);
            }
            else if (w.Rewrites is not null) WriteRewriteGroup(w);
        }
        catch (IOException e)
        {
            _s.SetBackgroundError(e);
            error = new EngineWriteStoppedException($"lsm write failed, the engine refuses writes until reopened: {e.Message}", e);
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            _queue.Finish(group, error);
        }
        if (error is not null) throw error;
        if (w.InsertPending) InsertAndPublish(w, queueWait);
        else WritePathTimes.Add(_stats, queueWait, 0, 0);
    }

    /// <summary>
    /// Leader only, concurrent memtable write: logs the group as one record (as <see cref="WriteGroup"/>),
    /// gives each batch its sequences and queues it for publication, then marks every member to insert
    /// its own batch. Nothing is queued unless the record was written (and synced when asked).
    /// </summary>
    private void LogGroup(List<PendingWrite> group, bool sync, bool disableWal)
    {
        long first;
        lock (_publishLock) first = (_publishTail?.LastSequence ?? Volatile.Read(ref _s.LastSequence)) + 1;
        var logging = Stopwatch.GetTimestamp();
        var size = LogRecord(group, first, sync, disableWal, out var count, out var userBytes);
        _stats.Add(LsmStatistics.Ticker.WriteWalTicks, Stopwatch.GetTimestamp() - logging);
        var seq = first;
        lock (_publishLock)
        {
            foreach (var g in group)
            {
                g.FirstSequence = seq;
                seq += g.Batch!.Count;
                g.LastSequence = seq - 1;
                if (_publishTail is null) _publishHead = g;
                else _publishTail.NextToPublish = g;
                _publishTail = g;
            }
        }
        foreach (var g in group) g.InsertPending = true;
        AccountGroup(size, count, userBytes, group.Count);
    }

    /// <summary>
    /// Any writer whose batch was logged (concurrent memtable write): inserts the batch into the
    /// current memtables — stable until every queued batch is published, because a memtable switch
    /// first waits for that (<see cref="WaitForPendingWrites"/>) — then publishes. A batch becomes
    /// visible only with every older one: whoever finishes advances <see cref="DbState.LastSequence"/>
    /// over the done batches at the head of the FIFO and wakes their writers. Returns once this
    /// writer's own batch is visible (read-your-writes).
    /// </summary>
    private void InsertAndPublish(PendingWrite w, long queueWait)
    {
        Exception? error = null;
        var inserting = Stopwatch.GetTimestamp();
        try
        {
            var seq = w.FirstSequence;
            foreach (var op in w.Batch!)
                _cfs[op.ColumnFamilyId].Mem.AddConcurrently(seq++, op.Kind == WriteBatchOperationKind.Put ? ValueKind.Value : ValueKind.Deletion, op.Key, op.Value);
        }
        catch (Exception e)
        {
            error = e; // still published below: the writers behind must not wait forever
        }
        var publishing = Stopwatch.GetTimestamp();
        lock (_publishLock)
        {
            w.Inserted = true;
            while (_publishHead is { Inserted: true } h)
            {
                Volatile.Write(ref _s.LastSequence, h.LastSequence);
                _publishHead = h.NextToPublish;
                h.NextToPublish = null;
                Volatile.Write(ref h.Published, true);
                if (!ReferenceEquals(h, w)) h.PublishWakeup?.Set();
            }
            if (_publishHead is null) _publishTail = null;
        }
        var wakeup = w.PublishWakeup;
        // The event is this thread's own and only this loop resets it: a late Set from an earlier write
        // costs one extra pass, never a missed wake-up (Published is re-read after each reset).
        while (!Volatile.Read(ref w.Published))
        {
            wakeup!.Wait();
            wakeup.Reset();
        }
        WritePathTimes.Add(_stats, queueWait, publishing - inserting, Stopwatch.GetTimestamp() - publishing);
        if (error is not null) throw new InvalidOperationException($"lsm memtable insert failed after the write was logged: {error.Message}", error);
    }

    /// <summary>
    /// Leader only (it holds the write queue, so no batch is logged meanwhile): waits until every
    /// logged batch is inserted and published. Inserts take no lock a leader holds, so this ends.
    /// </summary>
    private void WaitForPendingWrites()
    {
        if (!_concurrent) return;
        var spin = new SpinWait();
        while (true)
        {
            lock (_publishLock)
                if (_publishHead is null) return;
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// Leader only, under the queue's lock: whether the next queued write joins the leader's group —
    /// a user batch, not a sync write behind a non-sync leader, the same WAL mode, within <see cref="MaxGroupBytes"/>.
    /// </summary>
    private bool AcceptFollower(PendingWrite next)
    {
        var w = _groupLeader!;
        if (next.Batch is null || next.Rewrites is not null || (next.Sync && !w.Sync) || next.DisableWal != w.DisableWal) return false;
        _groupBytes += next.Batch.Data.Length;
        return _groupBytes <= MaxGroupBytes;
    }

    /// <summary>Leader only: logs the group as one record, then applies it; publishes the last sequence.</summary>
    private void WriteGroup(List<PendingWrite> group, bool sync, bool disableWal)
    {
        var first = _s.LastSequence + 1;
        var logging = Stopwatch.GetTimestamp();
        var size = LogRecord(group, first, sync, disableWal, out var count, out var userBytes);
        var inserting = Stopwatch.GetTimestamp();
        var seq = first;
        foreach (var g in group)
            foreach (var op in g.Batch!)
                _cfs[op.ColumnFamilyId].Mem.Add(seq++, op.Kind == WriteBatchOperationKind.Put ? ValueKind.Value : ValueKind.Deletion, op.Key, op.Value);
        Volatile.Write(ref _s.LastSequence, seq - 1);
        _stats.Add(LsmStatistics.Ticker.WriteWalTicks, inserting - logging);
        _stats.Add(LsmStatistics.Ticker.WriteMemtableTicks, Stopwatch.GetTimestamp() - inserting);
        AccountGroup(size, count, userBytes, group.Count);
    }

    /// <summary>
    /// Leader only, what both write paths do before the memtables: the group's batches as one WAL
    /// record from sequence <paramref name="first"/> (synced when asked), or, with the WAL disabled,
    /// the memtables marked as holding unlogged writes. Returns the record's size.
    /// </summary>
    private int LogRecord(List<PendingWrite> group, long first, bool sync, bool disableWal, out int count, out long userBytes)
    {
        count = 0;
        var size = 12;
        userBytes = 0;
        foreach (var g in group)
        {
            count += g.Batch!.Count;
            size += g.Batch.Data.Length;
            userBytes += g.Batch.UserBytes;
        }
        if (!disableWal)
        {
            WriteWalRecord(group, first, count, size);
            if (sync) SyncLogs();
            else _s.Logs.FlushCurrent();
        }
        else
            foreach (var g in group)
                foreach (var op in g.Batch!)
                    _cfs[op.ColumnFamilyId].Mem.HasUnloggedWrites = true;
        return size;
    }

    /// <summary>Leader only: charges a committed group to the delayed-write budget and the statistics.</summary>
    private void AccountGroup(int size, int count, long userBytes, int batches)
    {
        if (_delaying) _owedDelayMicros += (double)size * 1_000_000 / _s.Options.DelayedWriteRate;
        _stats.Add(LsmStatistics.Ticker.UserBytesWritten, userBytes);
        _stats.Add(LsmStatistics.Ticker.KeysWritten, count);
        _stats.Add(LsmStatistics.Ticker.WriteGroups);
        _stats.Add(LsmStatistics.Ticker.WriteBatches, batches);
    }

    /// <summary>Leader only: the group's batches as one WAL record (first sequence, operation count, the batches' data).</summary>
    private void WriteWalRecord(List<PendingWrite> group, long first, int count, int size)
    {
        if (_walBuffer.Length < size) _walBuffer = new byte[Math.Max(size, _walBuffer.Length * 2)];
        BinaryPrimitives.WriteInt64LittleEndian(_walBuffer, first);
        BinaryPrimitives.WriteInt32LittleEndian(_walBuffer.AsSpan(8), count);
        var p = 12;
        foreach (var g in group)
        {
            g.Batch!.Data.CopyTo(_walBuffer.AsSpan(p));
            p += g.Batch.Data.Length;
        }
        _s.Logs.AddRecord(_walBuffer.AsSpan(0, size));
    }

    /// <summary>Leader only: makes everything logged so far durable, as a synced write needs (<see cref="LogFiles.SyncAll"/>).</summary>
    private void SyncLogs()
    {
        _s.Logs.SyncAll();
        _stats.Add(LsmStatistics.Ticker.WalSyncs);
    }

    /// <summary>
    /// Leader only. Switches full memtables (all non-empty ones when <paramref name="force"/>), and
    /// stalls while flushes or compaction fall behind, as RocksDB's WriteController: at
    /// level0_slowdown_writes_trigger L0 files or soft_pending_compaction_bytes_limit the writes are
    /// slowed to delayed_write_rate (each group's bytes are owed as delay, paid here in sleeps of at
    /// least 1 ms); a full stop at max_write_buffer_number memtables or level0_stop_writes_trigger
    /// files (both when a memtable is full) or hard_pending_compaction_bytes_limit (at once). Stall
    /// time is counted.
    /// </summary>
    private void MakeRoomForWrite(bool force)
    {
        _delaying = false;
        if (!force && !NeedsRoom()) return; // fast path: no engine mutex per write
        if (force) WaitForPendingWrites(); // a flush request covers every write logged before it
        var delayed = false;
        lock (_mutex)
        {
            while (true)
            {
                _s.ThrowIfStopped();
                var version = _versions.Current;
                ColumnFamilyState? needs = null;
                var slow = false;
                var stop = false;
                var hardStop = false;
                foreach (var cf in _cfs)
                {
                    var l0 = version.Files[cf.Id][0].Length;
                    var pending = cf.PendingCompactionBytes;
                    if (l0 >= cf.Options.Level0SlowdownWritesTrigger) slow = true;
                    if (cf.Options.SoftPendingCompactionBytesLimit > 0 && pending >= cf.Options.SoftPendingCompactionBytesLimit) slow = true;
                    if (cf.Options.HardPendingCompactionBytesLimit > 0 && pending >= cf.Options.HardPendingCompactionBytesLimit) hardStop = true;
                    var full = force ? !cf.Mem.IsEmpty : MemtableFullRule.IsFull(cf.Mem, cf.Options.WriteBufferSize);
                    if (full && needs is null)
                    {
                        needs = cf;
                        stop = cf.Immutables.Count >= cf.Options.MaxWriteBufferNumber - 1 || (!force && l0 >= cf.Options.Level0StopWritesTrigger);
                    }
                }
                if (!force && hardStop)
                {
                    var sw = Stopwatch.StartNew();
                    Monitor.Wait(_mutex, 100);
                    _stats.Add(LsmStatistics.Ticker.StopCount);
                    _stats.Add(LsmStatistics.Ticker.StallMicros, (long)sw.Elapsed.TotalMicroseconds);
                    continue;
                }
                _delaying = !force && slow;
                if (_delaying && !delayed && _owedDelayMicros >= 1000)
                {
                    delayed = true;
                    var sw = Stopwatch.StartNew();
                    var deadline = _owedDelayMicros / 1000;
                    // Woken early by background progress: sleep the rest (the delay is owed, not optional).
                    while (sw.Elapsed.TotalMilliseconds < deadline) Monitor.Wait(_mutex, Math.Max(1, (int)(deadline - sw.Elapsed.TotalMilliseconds)));
                    var slept = sw.Elapsed.TotalMicroseconds;
                    _owedDelayMicros = Math.Max(0, _owedDelayMicros - slept);
                    _stats.Add(LsmStatistics.Ticker.SlowdownCount);
                    _stats.Add(LsmStatistics.Ticker.StallMicros, (long)slept);
                    continue;
                }
                if (!_delaying) _owedDelayMicros = 0;
                if (needs is null) return;
                if (stop)
                {
                    var sw = Stopwatch.StartNew();
                    Monitor.Wait(_mutex, 100);
                    _stats.Add(LsmStatistics.Ticker.StopCount);
                    _stats.Add(LsmStatistics.Ticker.StallMicros, (long)sw.Elapsed.TotalMicroseconds);
                    continue;
                }
                if (!force)
                {
                    _stats.Add(LsmStatistics.Ticker.MemtableFullSwitches);
                    _stats.Add(LsmStatistics.Ticker.MemtableFullSwitchEntries, needs.Mem.Entries);
                }
                SwitchMemtables(force ? null : needs);
            }
        }
    }

    /// <summary>
    /// Leader only, without locks: whether some memtable is full or a slowdown/stop condition holds
    /// (benign racy reads: only the leader switches memtables, versions are immutable, pending bytes
    /// are published with each read view).
    /// </summary>
    private bool NeedsRoom()
    {
        if (_s.BgError is not null) return true;
        var version = _versions.Current;
        foreach (var cf in _cfs)
        {
            if (MemtableFullRule.IsFull(cf.Mem, cf.Options.WriteBufferSize)) return true;
            if (version.Files[cf.Id][0].Length >= cf.Options.Level0SlowdownWritesTrigger) return true;
            var limit = cf.Options.SoftPendingCompactionBytesLimit;
            if (limit == 0) limit = cf.Options.HardPendingCompactionBytesLimit;
            if (limit > 0 && cf.PendingCompactionBytes >= limit) return true;
        }
        return false;
    }

    /// <summary>
    /// Under the mutex, leader only: starts a new WAL and turns the memtable of <paramref name="only"/>
    /// (or every non-empty one) immutable. The old WAL is not synced here (that would stall the
    /// writers for a whole memtable's worth of fsync): the flush job syncs it before it records the
    /// flush, and any synced write syncs it first. Recovery is point-in-time: a torn tail in an
    /// older log (a machine crash before those syncs) ends the replay there.
    /// </summary>
    private void SwitchMemtables(ColumnFamilyState? only)
    {
        WaitForPendingWrites(); // no insert may land in a memtable once it is immutable (a flush may be reading it)
        var number = _versions.NewFileNumber();
        _s.Logs.Switch(number);
        foreach (var cf in _cfs)
        {
            if (only is not null ? cf != only : cf.Mem.IsEmpty) continue;
            cf.Immutables.Add(cf.Mem);
            cf.Mem = new Memtable(number, _s.MemtablePool);
            _s.InstallSuperVersion(cf);
        }
        Monitor.PulseAll(_mutex);
    }

    /// <summary>Switches every non-empty memtable and waits until the immutable ones are flushed (and tables they made obsolete deleted).</summary>
    public void Flush()
    {
        RunWriter(new PendingWrite(null, false, false));
        lock (_mutex)
        {
            while (true)
            {
                _s.ThrowIfStopped();
                var pending = false;
                foreach (var cf in _cfs)
                    if (cf.Immutables.Count > 0) pending = true;
                if (!pending) break;
                Monitor.Wait(_mutex, 100);
            }
        }
        _s.DeleteObsoleteFiles();
    }

    /// <summary>
    /// Writes a value separator's rewrites through the write queue, never grouped with user writes
    /// (see <see cref="IValueSeparatorHost.WriteRewrites"/>).
    /// </summary>
    public bool[] WriteRewrites(int cf, IValueRewrites rewrites, out long sequence)
    {
        using var batch = new WriteBatch();
        for (var i = 0; i < rewrites.Count; i++) batch.Put(cf, rewrites.Key(i), rewrites.NewReference(i));
        var w = new PendingWrite(batch, sync: true, disableWal: false) { Rewrites = rewrites, Applied = new bool[rewrites.Count] };
        RunWriter(w);
        sequence = Volatile.Read(ref _s.LastSequence);
        return w.Applied;
    }

    /// <summary>Leader only (a rewrite request from <see cref="RunWriter"/>): re-checks each key, logs and applies what still holds.</summary>
    private void WriteRewriteGroup(PendingWrite w)
    {
        WaitForPendingWrites(); // the checks below read the latest state, and sequences continue from LastSequence
        var rewrites = w.Rewrites!;
        using var filtered = new WriteBatch();
        var raw = _raw;
        var i = 0;
        foreach (var op in w.Batch!)
        {
            raw.ResetWrittenCount();
            var found = _s.TryGetLatestRaw(op.ColumnFamilyId, op.Key, raw, out var kind);
            if (rewrites.StillCurrent(i, found, kind, raw.WrittenSpan))
            {
                filtered.Put(op.ColumnFamilyId, op.Key, op.Value);
                w.Applied![i] = true;
            }
            i++;
        }
        if (filtered.Count == 0)
        {
            // Still sync: the separator decided other records were dead because of writes that may not be
            // synced yet (also in older logs closed by a memtable switch); they must survive a crash
            // before the old files are deleted.
            SyncLogs();
            return;
        }
        var first = _s.LastSequence + 1;
        var size = 12 + filtered.Data.Length;
        if (_walBuffer.Length < size) _walBuffer = new byte[Math.Max(size, _walBuffer.Length * 2)];
        BinaryPrimitives.WriteInt64LittleEndian(_walBuffer, first);
        BinaryPrimitives.WriteUInt32LittleEndian(_walBuffer.AsSpan(8), (uint)filtered.Count | WalBlobIndexFlag);
        filtered.Data.CopyTo(_walBuffer.AsSpan(12));
        _s.Logs.AddRecord(_walBuffer.AsSpan(0, size));
        SyncLogs(); // as a synced user write: closed logs first, then this log and its directory entry
        var seq = first;
        foreach (var op in filtered) _cfs[op.ColumnFamilyId].Mem.Add(seq++, ValueKind.BlobIndex, op.Key, op.Value);
        Volatile.Write(ref _s.LastSequence, seq - 1);
    }
}
