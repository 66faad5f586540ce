using System.Diagnostics;
using System.Runtime;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// Keeps the <c>capacity</c> slowest operations of one worker with the GC, JIT and lock deltas
/// across each (<see cref="SlowOp"/>). Call <see cref="Begin"/> just before an operation's start
/// timestamp and <see cref="End"/> after its end timestamp. One thread only. Cost per operation:
/// a handful of runtime counter reads and, on Linux, one getrusage call (well under a µs), so it is only created when asked for.
/// </summary>
public sealed class SlowOpRecorder
{
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly SlowOp[] _ops;
    private readonly long[] _ticks; // _ops[i]'s duration in Stopwatch ticks, compared exactly
    private int _count;
    private int _minIndex; // index of the fastest kept operation once _ops is full
    private long _minTicks = long.MinValue;
    private readonly long _phaseStart;

    private int _gc0, _gc2;
    private TimeSpan _pause, _jitTime;
    private long _jitMethods, _locks;
    private readonly long[] _usageBefore = new long[18], _usageAfter = new long[18];
    private bool _usage;

    /// <summary>Keeps at most <paramref name="capacity"/> operations; start times are relative to <paramref name="phaseStartTimestamp"/> (a Stopwatch timestamp).</summary>
    public SlowOpRecorder(int capacity, long phaseStartTimestamp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ops = new SlowOp[capacity];
        _ticks = new long[capacity];
        _phaseStart = phaseStartTimestamp;
    }

    /// <summary>Snapshots the runtime counters before an operation.</summary>
    public void Begin()
    {
        _gc0 = GC.CollectionCount(0);
        _gc2 = GC.CollectionCount(2);
        _pause = GC.GetTotalPauseDuration();
        _jitMethods = JitInfo.GetCompiledMethodCount(currentThread: true);
        _jitTime = JitInfo.GetCompilationTime(currentThread: true);
        _locks = Monitor.LockContentionCount;
        _usage = ThreadUsage.Read(_usageBefore);
    }

    /// <summary>Records the operation that ran from <paramref name="t0"/> to <paramref name="t1"/> (Stopwatch timestamps) if it is among the slowest so far.</summary>
    public void End(long t0, long t1, long ordinal)
    {
        var ticks = t1 - t0;
        if (_count == _ops.Length && ticks <= _minTicks) return;
        var usage = _usage && ThreadUsage.Read(_usageAfter);
        long? Delta(Func<long[], long> field) => usage ? field(_usageAfter) - field(_usageBefore) : null;
        var op = new SlowOp
        {
            Ordinal = ordinal,
            StartMs = (t0 - _phaseStart) * NanosPerTick / 1e6,
            Micros = ticks * NanosPerTick / 1e3,
            GcCollections = GC.CollectionCount(0) - _gc0,
            GcGen2 = GC.CollectionCount(2) - _gc2,
            GcPauseMs = (GC.GetTotalPauseDuration() - _pause).TotalMilliseconds,
            JitMethods = JitInfo.GetCompiledMethodCount(currentThread: true) - _jitMethods,
            JitMs = (JitInfo.GetCompilationTime(currentThread: true) - _jitTime).TotalMilliseconds,
            LockContentions = Monitor.LockContentionCount - _locks,
            CpuMicros = Delta(ThreadUsage.CpuMicros),
            VoluntarySwitches = Delta(ThreadUsage.VoluntarySwitches),
            InvoluntarySwitches = Delta(ThreadUsage.InvoluntarySwitches),
            MinorFaults = Delta(ThreadUsage.MinorFaults),
            MajorFaults = Delta(ThreadUsage.MajorFaults),
            BlocksIn = Delta(ThreadUsage.BlocksIn),
        };
        if (_count < _ops.Length)
        {
            _ticks[_count] = ticks;
            _ops[_count++] = op;
            if (_count == _ops.Length) FindMin();
            return;
        }
        _ops[_minIndex] = op;
        _ticks[_minIndex] = ticks;
        FindMin();
    }

    private void FindMin()
    {
        _minIndex = 0;
        for (var i = 1; i < _ticks.Length; i++)
            if (_ticks[i] < _ticks[_minIndex]) _minIndex = i;
        _minTicks = _ticks[_minIndex];
    }

    /// <summary>The kept operations, slowest first.</summary>
    public SlowOp[] Slowest()
    {
        var result = _ops.AsSpan(0, _count).ToArray();
        Array.Sort(result, (a, b) => b.Micros.CompareTo(a.Micros));
        return result;
    }

    /// <summary>The <paramref name="count"/> slowest of several recorders' operations, slowest first.</summary>
    public static SlowOp[] Merge(IEnumerable<SlowOpRecorder> recorders, int count)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        var all = new List<SlowOp>();
        foreach (var r in recorders) all.AddRange(r.Slowest());
        all.Sort((a, b) => b.Micros.CompareTo(a.Micros));
        if (all.Count > count) all.RemoveRange(count, all.Count - count);
        return [.. all];
    }
}
