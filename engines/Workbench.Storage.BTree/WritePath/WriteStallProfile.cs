using System.Diagnostics;

namespace Workbench.Storage.BTree.WritePath;

/// <summary>
/// A per-write latency histogram by cause (issue 21 item 5): every write slower than 1 ms is
/// counted under the part of the write path it spent most time in (<see cref="StallCause"/>), in
/// buckets ≥ 1 ms, ≥ 5 ms and ≥ 50 ms (the p99.9 and max targets), plus the longest write per cause.
/// Counters: <c>btree.write.stall.CAUSE.over_1ms|over_5ms|over_50ms|max_us</c>.
/// Thread-safe (Interlocked); writes under 1 ms cost one comparison.
/// </summary>
internal sealed class WriteStallProfile
{
    private static readonly string[] CauseNames = ["write_stop", "queue", "wal", "tree_lock", "pool_lock", "write_back", "page_read", "apply", "gc", "unaccounted"];
    private static readonly long[] Thresholds = [Stopwatch.Frequency / 1000, Stopwatch.Frequency / 200, Stopwatch.Frequency / 20];
    private static readonly string[] ThresholdNames = ["over_1ms", "over_5ms", "over_50ms"];
    private const int Causes = (int)StallCause.Unaccounted + 1;
    private readonly long[] _counts = new long[Causes * 3];
    private readonly long[] _maxTicks = new long[Causes];

    /// <summary>Counter name of one cell (tests and the measurement scripts read these).</summary>
    public static string CounterName(StallCause cause, int bucket) => $"btree.write.stall.{CauseNames[(int)cause]}.{ThresholdNames[bucket]}";

    /// <summary>Counter name of the longest write per cause.</summary>
    public static string MaxCounterName(StallCause cause) => $"btree.write.stall.{CauseNames[(int)cause]}.max_us";

    /// <summary>The part of <paramref name="w"/> that dominates it.</summary>
    public static StallCause Classify(in WriteParts w)
    {
        // A GC pause stops the writer wherever it is, most often in apply (its allocations): it is
        // taken out of apply's CPU share so a pause is not counted as tree work.
        var applyCpu = Math.Max(0, w.Apply - w.PoolLock - w.WriteBack - w.PageRead - w.Gc);
        var unaccounted = Math.Max(0, w.Total - w.WriteStop - w.Queue - w.Wal - w.TreeLock - w.Apply);
        var cause = StallCause.WriteStop;
        var best = w.WriteStop;
        void Take(StallCause c, long ticks)
        {
            if (ticks <= best) return;
            best = ticks;
            cause = c;
        }
        Take(StallCause.Queue, w.Queue);
        Take(StallCause.Wal, w.Wal);
        Take(StallCause.TreeLock, w.TreeLock);
        Take(StallCause.PoolLock, w.PoolLock);
        Take(StallCause.WriteBack, w.WriteBack);
        Take(StallCause.PageRead, w.PageRead);
        Take(StallCause.Apply, applyCpu);
        Take(StallCause.Gc, w.Gc);
        Take(StallCause.Unaccounted, unaccounted);
        return cause;
    }

    /// <summary>Counts one write (only if it took at least 1 ms).</summary>
    public void Note(in WriteParts w)
    {
        if (w.Total < Thresholds[0]) return;
        var cause = (int)Classify(w);
        for (var b = 0; b < Thresholds.Length && w.Total >= Thresholds[b]; b++) Interlocked.Increment(ref _counts[cause * 3 + b]);
        var cur = Interlocked.Read(ref _maxTicks[cause]);
        while (w.Total > cur)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks[cause], w.Total, cur);
            if (seen == cur) break;
            cur = seen;
        }
    }

    /// <summary>Writes every counter of the profile into <paramref name="counters"/>.</summary>
    public void AddCounters(Dictionary<string, long> counters)
    {
        for (var c = 0; c < Causes; c++)
        {
            for (var b = 0; b < Thresholds.Length; b++) counters[CounterName((StallCause)c, b)] = Interlocked.Read(ref _counts[c * 3 + b]);
            counters[MaxCounterName((StallCause)c)] = (long)Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks[c])).TotalMicroseconds;
        }
    }
}
