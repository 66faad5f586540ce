using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Gc;

/// <summary>
/// MVCC garbage collection (TiKV's <c>gc_worker</c> with TiDB's safe point). For each key, among the
/// versions at or below the safe point the newest Put is kept (a newest Delete is removed with
/// everything older); all older write records, their CF-default values, and Lock/Rollback records
/// below the safe point are deleted. Locks older than the safe point are resolved first through
/// their primary (committed → commit, rolled back or expired → roll back). Invariant: a snapshot
/// at any ts ≥ safe point reads the same before and after. The safe point never passes the oldest
/// open transaction's start_ts. Writes go through <see cref="TxnStorage.Apply"/> as category
/// <c>mvcc_gc</c>, rate-limited. One round at a time; <see cref="Start"/> runs rounds in the background.
/// </summary>
public sealed class MvccGarbageCollector : IDisposable
{
    private readonly TxnStorage _storage;
    private readonly ITimestampSource _tso;
    private readonly Func<ulong?> _minActiveStartTs;
    private readonly GcOptions _options;
    private readonly Action<int> _sleep;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    /// <summary>A collector over <paramref name="storage"/>: the safe point is now (from <paramref name="tso"/>) minus the life time, capped by <paramref name="minActiveStartTs"/>; <paramref name="sleep"/> paces the rate limit (Thread.Sleep by default).</summary>
    public MvccGarbageCollector(TxnStorage storage, ITimestampSource tso, Func<ulong?> minActiveStartTs, GcOptions? options = null, Action<int>? sleep = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(tso);
        ArgumentNullException.ThrowIfNull(minActiveStartTs);
        _storage = storage;
        _tso = tso;
        _minActiveStartTs = minActiveStartTs;
        _options = options ?? new GcOptions();
        _sleep = sleep ?? Thread.Sleep;
    }

    /// <summary>Rounds finished (background or not).</summary>
    public long Rounds { get; private set; }

    /// <summary>The last round's outcome; null before the first.</summary>
    public GcResult? LastResult { get; private set; }

    /// <summary>now − life time, capped at the oldest open transaction's start_ts.</summary>
    public ulong ComputeSafePoint()
    {
        var now = _tso.GetTimestamp();
        var physical = Math.Max(0, TimeStamp.Physical(now) - _options.LifeTimeMs);
        var sp = TimeStamp.Compose(physical, 0);
        if (_minActiveStartTs() is { } min && min - 1 < sp) sp = min - 1;
        return sp;
    }

    /// <summary>One round at the safe point computed now.</summary>
    public GcResult RunOnce() => RunOnce(ComputeSafePoint());

    /// <summary>One round at <paramref name="safePoint"/>: drops versions no reader at or after it can see, in rate-limited batches.</summary>
    public GcResult RunOnce(ulong safePoint)
    {
        var locksResolved = ResolveOldLocks(safePoint);
        long keys = 0, versions = 0, values = 0, bytes = 0;
        var mods = new List<Modify>();
        var windowStart = Environment.TickCount64;
        long windowBytes = 0;
        void Flush()
        {
            if (mods.Count == 0) return;
            var data = new WriteData(mods.ToArray(), TxnWriteCategory.MvccGc);
            _storage.Apply(data);
            long b = 0;
            foreach (var m in mods) b += m.Bytes;
            bytes += b;
            windowBytes += b;
            mods.Clear();
            if (_options.MaxBytesPerSecond > 0)
            {
                // Sleep until the bytes so far fit the rate.
                var dueMs = windowBytes * 1000 / _options.MaxBytesPerSecond;
                var elapsed = Environment.TickCount64 - windowStart;
                if (dueMs > elapsed) _sleep((int)Math.Min(int.MaxValue, dueMs - elapsed));
            }
        }
        using (var snap = _storage.Store.Snapshot(KvContext.Local))
        using (var it = snap.Iterate(Cf.Write, null, null))
        {
            byte[]? current = null;
            var kept = false;
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                if (!MvccKey.TrySplitTs(it.Key, out var enc, out var commitTs)) continue;
                if (current is null || !enc.SequenceEqual(current))
                {
                    current = enc.ToArray();
                    kept = false;
                    keys++;
                }
                if (commitTs > safePoint) continue;
                var w = WriteRecord.Parse(it.Value);
                if (!kept && w.Type == WriteType.Put)
                {
                    kept = true;
                    continue;
                }
                if (!kept && w.Type == WriteType.Delete) kept = true; // removed below, as is everything older
                mods.Add(Modify.Delete(Cf.Write, it.Key.ToArray()));
                versions++;
                if (w.Type == WriteType.Put && w.ShortValue is null)
                {
                    mods.Add(Modify.Delete(Cf.Default, MvccKey.AppendTs(current, w.StartTs)));
                    values++;
                }
                if (mods.Count >= _options.BatchModifications) Flush();
            }
        }
        Flush();
        var result = new GcResult(safePoint, keys, versions, values, locksResolved, bytes);
        LastResult = result;
        Rounds++;
        return result;
    }

    /// <summary>Locks below the safe point belong to transactions long finished or dead: settle them through their primary.</summary>
    private long ResolveOldLocks(ulong safePoint)
    {
        var old = new List<LockRecord>();
        using (var snap = _storage.Store.Snapshot(KvContext.Local))
        using (var it = snap.Iterate(Cf.Lock, null, null))
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var l = LockRecord.Parse(it.Value);
                if (l.StartTs < safePoint) old.Add(l);
            }
        long resolved = 0;
        var done = new HashSet<ulong>();
        foreach (var l in old)
        {
            if (!done.Add(l.StartTs)) continue;
            var status = _storage.CheckTxnStatus(new CheckTxnStatusRequest
            {
                PrimaryKey = l.Primary, LockTs = l.StartTs, CurrentTs = _tso.GetTimestamp(), RollbackIfNotExist = true, ForceSyncCommit = true,
            });
            if (status.Kind == TxnStatusKind.Locked) continue; // still alive: leave it
            _storage.ResolveLock(new ResolveLockRequest(l.StartTs, status.Kind == TxnStatusKind.Committed ? status.CommitTs : 0));
            resolved++;
        }
        return resolved;
    }

    /// <summary>Runs a round every <see cref="GcOptions.IntervalMs"/> on a background thread until disposed.</summary>
    public void Start()
    {
        if (_thread is not null) return;
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    RunOnce();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Console.Error.WriteLine($"mvcc gc: round failed: {e.Message}");
                }
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(_options.IntervalMs));
            }
        }) { IsBackground = true, Name = "mvcc-gc" };
        _thread.Start();
    }

    /// <summary>Stops the background thread (if started) and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose();
    }
}
