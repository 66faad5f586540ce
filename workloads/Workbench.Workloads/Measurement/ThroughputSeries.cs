using System.Diagnostics;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// Operations completed per one-second interval since <see cref="Start"/> — the time series that
/// makes compaction and GC stalls visible. Thread-safe and allocation-free on <see cref="Record"/>
/// (interlocked increments into a preallocated array; intervals past its end are counted in the last one).
/// </summary>
public sealed class ThroughputSeries
{
    private readonly long[] _perSecond;
    private long _startTimestamp;
    private long _lastTimestamp;

    /// <summary>A series of at most <paramref name="maxSeconds"/> one-second intervals (a day by default); later intervals count in the last.</summary>
    public ThroughputSeries(int maxSeconds = 24 * 3600)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeconds, 1);
        _perSecond = new long[maxSeconds];
    }

    /// <summary>Clears the counts and starts interval 0 now.</summary>
    public void Start()
    {
        Array.Clear(_perSecond);
        _startTimestamp = Stopwatch.GetTimestamp();
        _lastTimestamp = _startTimestamp;
    }

    /// <summary>Counts <paramref name="ops"/> operations completed at <paramref name="timestamp"/> (a Stopwatch timestamp).</summary>
    public void Record(long timestamp, long ops = 1)
    {
        var second = (timestamp - _startTimestamp) / Stopwatch.Frequency;
        if (second < 0) second = 0;
        if (second >= _perSecond.Length) second = _perSecond.Length - 1;
        Interlocked.Add(ref _perSecond[second], ops);
        if (timestamp > Volatile.Read(ref _lastTimestamp)) Volatile.Write(ref _lastTimestamp, timestamp);
    }

    /// <summary>
    /// Ops per interval up to the last recorded one. The last interval is usually partial, so its
    /// count is scaled to a full second when it covers at least a tenth of one, and dropped otherwise.
    /// </summary>
    public double[] PerSecond()
    {
        var elapsed = (double)(Volatile.Read(ref _lastTimestamp) - _startTimestamp) / Stopwatch.Frequency;
        var full = (int)Math.Floor(elapsed);
        var fraction = elapsed - full;
        var n = Math.Min(full + (fraction >= 0.1 ? 1 : 0), _perSecond.Length);
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = Interlocked.Read(ref _perSecond[i]);
        if (n == full + 1 && n <= _perSecond.Length && fraction > 0) result[n - 1] /= fraction;
        return result;
    }
}
