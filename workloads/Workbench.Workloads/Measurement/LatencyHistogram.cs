using HdrHistogram;
using HdrHistogram.Utilities;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// A latency histogram (nanoseconds) on HdrHistogram with three significant decimal digits
/// (DESIGN.md §4): any recorded value is reported within 0.1%. Values above
/// <see cref="HighestTrackableValue"/> (~137 s) are clamped and counted in <see cref="ClampedCount"/>
/// (HdrHistogram itself would throw). Exact min, max and mean are kept beside the counts, since the
/// histogram only knows values to its precision. <see cref="Encode"/> gives HdrHistogram's compressed
/// V2 encoding as base64, which results files keep so reports can merge histograms later.
/// Not thread-safe: use one per thread and <see cref="Add"/> them afterwards. Recording allocates nothing.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Decimal digits of precision HdrHistogram keeps (3 = within 0.1 %).</summary>
    public const int SignificantDigits = 3;

    /// <summary>The largest value recorded without clamping (nanoseconds).</summary>
    public const long HighestTrackableValue = (1L << 37) - 1;

    private readonly LongHistogram _h = new(1, HighestTrackableValue, SignificantDigits);
    private double _sum;

    /// <summary>Values recorded (clamped ones included).</summary>
    public long Count { get; private set; }
    /// <summary>Smallest value recorded, exact (long.MaxValue when empty).</summary>
    public long Min { get; private set; } = long.MaxValue;
    /// <summary>Largest value recorded before clamping, exact (0 when empty).</summary>
    public long Max { get; private set; }
    /// <summary>Values above <see cref="HighestTrackableValue"/> recorded as that value.</summary>
    public long ClampedCount { get; private set; }

    /// <summary>Exact mean of the recorded values in nanoseconds (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : _sum / Count;

    /// <summary>Records one latency of <paramref name="valueNanos"/> (negative counts as 0); allocates nothing.</summary>
    public void Record(long valueNanos)
    {
        if (valueNanos < 0) valueNanos = 0;
        if (valueNanos > HighestTrackableValue)
        {
            valueNanos = HighestTrackableValue;
            ClampedCount++;
        }
        _h.RecordValue(valueNanos);
        Count++;
        _sum += valueNanos;
        if (valueNanos < Min) Min = valueNanos;
        if (valueNanos > Max) Max = valueNanos;
    }

    /// <summary>Adds every count of <paramref name="other"/> into this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _h.Add(other._h);
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
    /// The value at a percentile (0–100): HdrHistogram's value (the highest value equivalent to the
    /// bucket holding the requested rank), capped at the exact <see cref="Max"/>. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0) return 0;
        return Math.Min(_h.GetValueAtPercentile(Math.Clamp(percentile, 0, 100)), Max);
    }

    /// <summary>HdrHistogram's compressed V2 encoding of the counts, as base64 (min, max and mean are stored beside it).</summary>
    public string Encode()
    {
        var buffer = ByteBuffer.Allocate(_h.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(_h, buffer);
        // ByteBuffer.Allocate(byte[]) copies its argument, so the encoded bytes are read back out.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    /// <summary>
    /// Rebuilds a histogram from <see cref="Encode"/> output and the exact min and max stored beside it.
    /// The mean is taken from the counts (to the histogram's precision). Throws <see cref="FormatException"/>
    /// on anything that is not such an encoding.
    /// </summary>
    public static LatencyHistogram Decode(string encoded, long min, long max)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        HistogramBase decoded;
        try
        {
            decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(encoded)), 0);
        }
        catch (Exception e) when (e is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"not an HdrHistogram encoding: {e.Message}", e);
        }
        var h = new LatencyHistogram();
        foreach (var v in decoded.RecordedValues())
        {
            var value = Math.Min(v.ValueIteratedTo, HighestTrackableValue);
            h._h.RecordValueWithCount(value, v.CountAtValueIteratedTo);
            h._sum += (double)decoded.MedianEquivalentValue(v.ValueIteratedTo) * v.CountAtValueIteratedTo;
            h.Count += v.CountAtValueIteratedTo;
        }
        if (h.Count > 0)
        {
            h.Min = min;
            h.Max = max;
        }
        return h;
    }

    /// <summary>Empties the histogram (counts, min, max, mean).</summary>
    public void Reset()
    {
        _h.Reset();
        Count = 0;
        _sum = 0;
        Min = long.MaxValue;
        Max = 0;
        ClampedCount = 0;
    }
}
