using System.Globalization;
using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Store;

/// <summary>
/// One store's write admission (TiKV's scheduler <c>too_busy</c> check and its flow controller, in
/// our shape): a write is refused with ServerIsBusy on the thread that receives it, before it enters
/// the store loop, when the bytes of writes admitted and not yet answered pass
/// <see cref="FlowControlOptions.SchedulerPendingWriteThreshold"/>, when the engine's last sampled
/// pressure passes a threshold (pending compaction bytes: a share rising from the soft to the hard
/// limit; L0 files; immutable memtables), or when one engine write has been running longer than
/// <see cref="FlowControlOptions.EngineStallMs"/> — so a store whose loop is held by an engine stall
/// still answers at once. Thread rules: <see cref="TryAdmit"/> and <see cref="Release"/> from any
/// thread; <see cref="Sample"/>, <see cref="EngineWriteBegin"/> and <see cref="EngineWriteEnd"/>
/// on the store loop only. Time comes from the injected clock (virtual in the simulation), and the
/// soft-limit share is taken by a counter, not at random, so a seeded run replays.
/// </summary>
public sealed class StoreFlowControl
{
    /// <summary>TiKV's reason string for the pending-write threshold (its SCHEDULER_IS_BUSY).</summary>
    public const string SchedulerBusyReason = "scheduler is busy";

    private readonly FlowControlOptions _options;
    private readonly Func<long> _nowMs;
    private long _pendingBytes;
    private long _writeStartedMs = -1;
    private long _pendingCompaction;
    private int _l0Files;
    private int _immutables;
    private long _softAdmissions;
    private long _admitted, _rejectedPending, _rejectedCompaction, _rejectedL0, _rejectedMemtables, _rejectedStall;

    /// <summary>Admission for one store under <paramref name="options"/>, time from <paramref name="nowMs"/> (milliseconds, any origin).</summary>
    public StoreFlowControl(FlowControlOptions options, Func<long> nowMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nowMs);
        _options = options;
        _nowMs = nowMs;
    }

    /// <summary>The thresholds.</summary>
    public FlowControlOptions Options => _options;

    /// <summary>Bytes of writes admitted and not answered yet.</summary>
    public long PendingWriteBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>The engine's pressure as last sampled on the loop.</summary>
    public EnginePressure Pressure => new(Interlocked.Read(ref _pendingCompaction), Volatile.Read(ref _l0Files), Volatile.Read(ref _immutables));

    /// <summary>Milliseconds the loop's current engine write has been running (-1 when none is): what stall detection compares with <see cref="FlowControlOptions.EngineStallMs"/>.</summary>
    public long EngineWriteRunningMs
    {
        get
        {
            var started = Interlocked.Read(ref _writeStartedMs);
            return started < 0 ? -1 : Math.Max(0, _nowMs() - started);
        }
    }

    /// <summary>Writes admitted so far.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Writes refused so far, by cause.</summary>
    public (long PendingWrites, long PendingCompaction, long L0Files, long Memtables, long EngineStall) Rejected =>
        (Interlocked.Read(ref _rejectedPending), Interlocked.Read(ref _rejectedCompaction), Interlocked.Read(ref _rejectedL0),
         Interlocked.Read(ref _rejectedMemtables), Interlocked.Read(ref _rejectedStall));

    /// <summary>Every write refused so far.</summary>
    public long RejectedTotal
    {
        get
        {
            var r = Rejected;
            return r.PendingWrites + r.PendingCompaction + r.L0Files + r.Memtables + r.EngineStall;
        }
    }

    /// <summary>
    /// Admits a write of <paramref name="bytes"/> (charged until <see cref="Release"/>), or returns
    /// the ServerIsBusy to answer it with (nothing charged).
    /// </summary>
    public ServerIsBusy? TryAdmit(long bytes)
    {
        if (!_options.Enable)
        {
            Interlocked.Add(ref _pendingBytes, bytes);
            Interlocked.Increment(ref _admitted);
            return null;
        }
        var busy = Check();
        if (busy is not null) return busy;
        Interlocked.Add(ref _pendingBytes, bytes);
        Interlocked.Increment(ref _admitted);
        return null;
    }

    private ServerIsBusy? Check()
    {
        var o = _options;
        var started = Interlocked.Read(ref _writeStartedMs);
        if (o.EngineStallMs > 0 && started >= 0)
        {
            var running = _nowMs() - started;
            if (running >= o.EngineStallMs)
            {
                Interlocked.Increment(ref _rejectedStall);
                return Busy(string.Create(CultureInfo.InvariantCulture, $"engine write stalled ({running} ms in one write)"));
            }
        }
        var pending = Interlocked.Read(ref _pendingBytes);
        if (o.SchedulerPendingWriteThreshold > 0 && pending >= o.SchedulerPendingWriteThreshold)
        {
            Interlocked.Increment(ref _rejectedPending);
            return Busy(SchedulerBusyReason);
        }
        var p = Pressure;
        if (o.L0FilesThreshold > 0 && p.L0Files >= o.L0FilesThreshold)
        {
            Interlocked.Increment(ref _rejectedL0);
            return Busy(string.Create(CultureInfo.InvariantCulture, $"too many L0 files ({p.L0Files} >= l0-files-threshold {o.L0FilesThreshold})"));
        }
        if (o.MemtablesThreshold > 0 && p.ImmutableMemtables >= o.MemtablesThreshold)
        {
            Interlocked.Increment(ref _rejectedMemtables);
            return Busy(string.Create(CultureInfo.InvariantCulture, $"too many memtables ({p.ImmutableMemtables} >= memtables-threshold {o.MemtablesThreshold})"));
        }
        if (DiscardForCompaction(p.PendingCompactionBytes))
        {
            Interlocked.Increment(ref _rejectedCompaction);
            return Busy(string.Create(CultureInfo.InvariantCulture, $"pending compaction bytes {p.PendingCompactionBytes} above the soft limit {o.SoftPendingCompactionBytesLimit}"));
        }
        return null;
    }

    /// <summary>TiKV's discard ratio: 0 at the soft limit, rising linearly to 1 at the hard limit; every k-th write by a counter.</summary>
    private bool DiscardForCompaction(long pending)
    {
        long soft = _options.SoftPendingCompactionBytesLimit, hard = _options.HardPendingCompactionBytesLimit;
        if (hard > 0 && pending >= hard) return true;
        if (soft <= 0 || pending <= soft) return false;
        var ratio = hard > soft ? (double)(pending - soft) / (hard - soft) : 1.0;
        var n = Interlocked.Increment(ref _softAdmissions);
        return (long)(n * ratio) != (long)((n - 1) * ratio);
    }

    private ServerIsBusy Busy(string reason) => new() { Reason = reason, BackoffMs = (ulong)Math.Max(0, _options.BusyBackoffMs) };

    /// <summary>An admitted write of <paramref name="bytes"/> was answered (applied, failed or refused later).</summary>
    public void Release(long bytes) => Interlocked.Add(ref _pendingBytes, -bytes);

    /// <summary>Records the engine's pressure (on the loop, each tick; engine properties are read here, never on the receive path).</summary>
    public void Sample(EnginePressure p)
    {
        Interlocked.Exchange(ref _pendingCompaction, p.PendingCompactionBytes);
        Volatile.Write(ref _l0Files, p.L0Files);
        Volatile.Write(ref _immutables, p.ImmutableMemtables);
    }

    /// <summary>The loop starts an engine write (apply batch, snapshot, state): a receive path seeing it run too long refuses writes.</summary>
    public void EngineWriteBegin() => Interlocked.Exchange(ref _writeStartedMs, Math.Max(0, _nowMs()));

    /// <summary>The loop's engine write returned.</summary>
    public void EngineWriteEnd() => Interlocked.Exchange(ref _writeStartedMs, -1);
}
