using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Workbench.Storage.Batch;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
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

    public WritePath(DbState state)
    {
        _s = state;
        _cfs = state.Cfs;
        _mutex = state.Mutex;
        _versions = state.Versions;
        _stats = state.Stats;
        _acceptFollower = AcceptFollower;
    }

    /// <summary>The engine checked the batch is not null and the engine not disposed.</summary>
    public void Write(WriteBatch batch, WriteOptions? options)
    {
        options ??= WriteOptions.Default;
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId >= (uint)_cfs.Length)
                throw new ArgumentException($"write batch names column family id {op.ColumnFamilyId}, but the engine has {_cfs.Length}", nameof(batch));
        if (batch.Count == 0) return;
        RunWriter(new PendingWrite(batch, options.Sync || _s.Options.SyncAllWrites, options.DisableWal));
    }

    /// <summary>
    /// Group commit (<see cref="GroupCommitQueue{T}"/>): the writer at the head of the queue becomes
    /// leader, takes the batches queued behind it, writes them as one WAL record, applies them to the
    /// memtables and wakes the others. Only the leader touches the WAL and inserts into memtables.
    /// </summary>
    private void RunWriter(PendingWrite w)
    {
        if (!_queue.Join(w))
        {
            if (w.Error is not null) throw w.Error;
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
                WriteGroup(group, w.Sync, w.DisableWal);
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
        var count = 0;
        var size = 12;
        long userBytes = 0;
        foreach (var g in group)
        {
            count += g.Batch!.Count;
            size += g.Batch.Data.Length;
            userBytes += g.Batch.UserBytes;
        }
        if (!disableWal)
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
            if (sync) SyncLogs();
            else _s.Logs.FlushCurrent();
        }
        var seq = first;
        if (disableWal)
            foreach (var g in group)
                foreach (var op in g.Batch!)
                    _cfs[op.ColumnFamilyId].Mem.HasUnloggedWrites = true;
        foreach (var g in group)
            foreach (var op in g.Batch!)
                _cfs[op.ColumnFamilyId].Mem.Add(seq++, op.Kind == WriteBatchOperationKind.Put ? ValueKind.Value : ValueKind.Deletion, op.Key, op.Value);
        Volatile.Write(ref _s.LastSequence, seq - 1);
        if (_delaying) _owedDelayMicros += (double)size * 1_000_000 / _s.Options.DelayedWriteRate;
        _stats.Add(LsmStatistics.Ticker.UserBytesWritten, userBytes);
        _stats.Add(LsmStatistics.Ticker.KeysWritten, count);
        _stats.Add(LsmStatistics.Ticker.WriteGroups);
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
                    var full = force ? !cf.Mem.IsEmpty : cf.Mem.ApproximateBytes >= cf.Options.WriteBufferSize;
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
            if (cf.Mem.ApproximateBytes >= cf.Options.WriteBufferSize) return true;
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
