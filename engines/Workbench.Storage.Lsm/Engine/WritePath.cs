using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Workbench.Storage.Lsm;

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
    private readonly object _writerLock = new();
    private readonly LinkedList<PendingWrite> _writers = new();
    private readonly List<PendingWrite> _group = [];
    private byte[] _walBuffer = new byte[64 * 1024];

    public WritePath(DbState state)
    {
        _s = state;
        _cfs = state.Cfs;
        _mutex = state.Mutex;
        _versions = state.Versions;
        _stats = state.Stats;
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
    /// Group commit (LevelDB's writer queue): the writer at the head of the queue becomes leader, takes
    /// the batches queued behind it, writes them as one WAL record, applies them to the memtables and
    /// wakes the others. Only the leader touches the WAL and inserts into memtables.
    /// </summary>
    private void RunWriter(PendingWrite w)
    {
        lock (_writerLock)
        {
            _writers.AddLast(w);
            while (!w.Done && _writers.First!.Value != w) Monitor.Wait(_writerLock);
        }
        if (w.Done)
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
                lock (_writerLock)
                {
                    long bytes = w.Batch.Data.Length;
                    for (var node = _writers.First!.Next; node is not null; node = node.Next)
                    {
                        var next = node.Value;
                        if (next.Batch is null || next.Rewrites is not null || (next.Sync && !w.Sync) || next.DisableWal != w.DisableWal) break;
                        bytes += next.Batch.Data.Length;
                        if (bytes > MaxGroupBytes) break;
                        group.Add(next);
                    }
                }
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
            lock (_writerLock)
            {
                foreach (var g in group)
                {
                    _writers.RemoveFirst();
                    if (g != w)
                    {
                        g.Error = error;
                        g.Done = true;
                    }
                }
                Monitor.PulseAll(_writerLock);
            }
        }
        if (error is not null) throw error;
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
    /// stalls while flushes or L0 compaction fall behind: one 1 ms slowdown per write at
    /// level0_slowdown_writes_trigger, a full stop at max_write_buffer_number immutable memtables or
    /// level0_stop_writes_trigger files. Stall time is counted.
    /// </summary>
    private void MakeRoomForWrite(bool force)
    {
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
                foreach (var cf in _cfs)
                {
                    var l0 = version.Files[cf.Id][0].Length;
                    if (l0 >= cf.Options.Level0SlowdownWritesTrigger) slow = true;
                    var full = force ? !cf.Mem.IsEmpty : cf.Mem.ApproximateBytes >= cf.Options.WriteBufferSize;
                    if (full && needs is null)
                    {
                        needs = cf;
                        stop = cf.Immutables.Count >= cf.Options.MaxWriteBufferNumber - 1 || (!force && l0 >= cf.Options.Level0StopWritesTrigger);
                    }
                }
                if (!force && slow && !delayed)
                {
                    delayed = true;
                    var sw = Stopwatch.StartNew();
                    Monitor.Wait(_mutex, 1);
                    _stats.Add(LsmStatistics.Ticker.SlowdownCount);
                    _stats.Add(LsmStatistics.Ticker.StallMicros, (long)sw.Elapsed.TotalMicroseconds);
                    continue;
                }
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
    /// Leader only, without locks: whether some memtable is full or L0 has reached the slowdown
    /// trigger (benign racy reads: only the leader switches memtables, versions are immutable).
    /// </summary>
    private bool NeedsRoom()
    {
        if (_s.BgError is not null) return true;
        var version = _versions.Current;
        foreach (var cf in _cfs)
        {
            if (cf.Mem.ApproximateBytes >= cf.Options.WriteBufferSize) return true;
            if (version.Files[cf.Id][0].Length >= cf.Options.Level0SlowdownWritesTrigger) return true;
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
            cf.Mem = new Memtable(number);
            _s.InstallSuperVersion(cf);
        }
        Monitor.PulseAll(_mutex);
    }

    /// <summary>Switches every non-empty memtable and waits until the immutable ones are flushed.</summary>
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
                if (!pending) return;
                Monitor.Wait(_mutex, 100);
            }
        }
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
