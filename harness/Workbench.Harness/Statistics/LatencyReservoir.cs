using Workbench.Harness.Bench;

namespace Workbench.Harness.Statistics;

/// <summary>
/// A uniform random sample of at most <see cref="Capacity"/> latencies out of all recorded ones
/// (Vitter's Algorithm R), kept so engines can be compared with a rank test on raw latencies rather
/// than on summary percentiles. Not thread-safe: one per worker thread, merged with <see cref="Merge"/>.
/// Recording allocates nothing.
/// </summary>
public sealed class LatencyReservoir
{
    private readonly double[] _items;
    private BenchRandom _random;

    public LatencyReservoir(int capacity, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new double[capacity];
        _random = new BenchRandom(seed);
    }

    public int Capacity => _items.Length;
    public long Seen { get; private set; }

    public void Record(double value)
    {
        Seen++;
        if (Seen <= _items.Length)
        {
            _items[Seen - 1] = value;
            return;
        }
        var j = _random.NextBelow(Seen);
        if (j < _items.Length) _items[j] = value;
    }

    public double[] Items() => _items.AsSpan(0, (int)Math.Min(Seen, _items.Length)).ToArray();

    /// <summary>
    /// Combines per-thread reservoirs into one sample of at most <paramref name="capacity"/> values, taking
    /// from each in proportion to how many values it saw (so the result is still a uniform sample of the whole).
    /// </summary>
    public static double[] Merge(IReadOnlyList<LatencyReservoir> parts, int capacity)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long total = 0;
        foreach (var p in parts) total += p.Seen;
        if (total == 0) return [];
        var result = new List<double>(capacity);
        foreach (var p in parts)
        {
            var items = p.Items();
            var take = (int)Math.Min(items.Length, Math.Round((double)capacity * p.Seen / total));
            // Items of a reservoir are in random order once it overflowed, and in arrival order before;
            // striding keeps the pick spread over the run either way.
            for (var i = 0; i < take; i++) result.Add(items[(int)((long)i * items.Length / take)]);
        }
        return result.ToArray();
    }
}
