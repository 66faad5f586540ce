using System.Numerics;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram with three significant decimal
/// digits: values (nanoseconds) in [0, 2048) are counted exactly; above, each power-of-two range
/// is split into 1024 equal sub-buckets, so any recorded value is reported within 0.1%.
/// Values above <see cref="HighestTrackableValue"/> (~137 s) are clamped and counted.
/// Not thread-safe: use one per thread and <see cref="Add"/> them afterwards. Recording allocates nothing.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketHalfCountMagnitude = 10;
    private const int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude; // 1024
    private const int SubBucketCount = SubBucketHalfCount * 2;               // 2048
    private const long SubBucketMask = SubBucketCount - 1;
    private const int BucketCount = 27;

    /// <summary>The largest value recorded without clamping (nanoseconds).</summary>
    public const long HighestTrackableValue = ((long)SubBucketCount << (BucketCount - 1)) - 1;

    private readonly long[] _counts = new long[(BucketCount + 1) * SubBucketHalfCount];

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }
    public long ClampedCount { get; private set; }
    private double _sum;

    public double Mean => Count == 0 ? 0 : _sum / Count;

    public void Record(long valueNanos)
    {
        if (valueNanos < 0) valueNanos = 0;
        if (valueNanos > HighestTrackableValue)
        {
            valueNanos = HighestTrackableValue;
            ClampedCount++;
        }
        _counts[IndexOf(valueNanos)]++;
        Count++;
        _sum += valueNanos;
        if (valueNanos < Min) Min = valueNanos;
        if (valueNanos > Max) Max = valueNanos;
    }

    /// <summary>Adds every count of <paramref name="other"/> into this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        _sum += other._sum;
        ClampedCount += other.ClampedCount;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>
    /// The value at a percentile (0–100): the highest value equivalent to the bucket holding the
    /// requested rank (HdrHistogram's convention), capped at <see cref="Max"/>. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0) return 0;
        var p = Math.Clamp(percentile, 0, 100);
        var rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(HighestEquivalentValue(i), Max);
        }
        return Max;
    }

    /// <summary>Non-empty buckets as (lowest value of the bucket, count), in value order — a compact form for results files.</summary>
    public List<(long Value, long Count)> Buckets()
    {
        var list = new List<(long, long)>();
        for (var i = 0; i < _counts.Length; i++)
            if (_counts[i] != 0) list.Add((LowestValue(i), _counts[i]));
        return list;
    }

    /// <summary>Rebuilds a histogram from <see cref="Buckets"/> output (used when re-rendering reports).</summary>
    public static LatencyHistogram FromBuckets(IEnumerable<(long Value, long Count)> buckets, long min, long max)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var h = new LatencyHistogram();
        foreach (var (value, count) in buckets)
        {
            h._counts[IndexOf(value)] += count;
            h.Count += count;
            h._sum += (double)value * count;
        }
        if (h.Count > 0)
        {
            h.Min = min;
            h.Max = max;
        }
        return h;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        _sum = 0;
        Min = long.MaxValue;
        Max = 0;
        ClampedCount = 0;
    }

    internal static int IndexOf(long value)
    {
        var bucket = 64 - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask)) - (SubBucketHalfCountMagnitude + 1);
        var sub = (int)(value >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + (sub - SubBucketHalfCount);
    }

    private static long LowestValue(int index)
    {
        var bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        var sub = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            sub -= SubBucketHalfCount;
            bucket = 0;
        }
        return (long)sub << bucket;
    }

    private static long HighestEquivalentValue(int index)
    {
        var bucket = Math.Max(0, (index >> SubBucketHalfCountMagnitude) - 1);
        return LowestValue(index) + (1L << bucket) - 1;
    }
}
