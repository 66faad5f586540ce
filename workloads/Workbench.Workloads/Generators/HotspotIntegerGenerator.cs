namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's HotspotIntegerGenerator: the first <c>hotsetFraction</c> of [lower, upper] receives
/// <c>hotOpnFraction</c> of the operations, uniformly; the rest goes uniformly to the cold set.
/// Out-of-range fractions are an error here (YCSB silently resets them to 0). Stateless, thread-safe.
/// </summary>
public sealed class HotspotIntegerGenerator : INumberGenerator
{
    private readonly long _lower;
    private readonly long _hotInterval;
    private readonly long _coldInterval;
    private readonly double _hotOpnFraction;

    /// <summary>The hot set is the first <paramref name="hotsetFraction"/> of [<paramref name="lower"/>, <paramref name="upper"/>] and gets <paramref name="hotOpnFraction"/> of the draws; both fractions in [0, 1].</summary>
    public HotspotIntegerGenerator(long lower, long upper, double hotsetFraction, double hotOpnFraction)
    {
        if (hotsetFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(hotsetFraction), hotsetFraction, "hotspotdatafraction must be in [0, 1]");
        if (hotOpnFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(hotOpnFraction), hotOpnFraction, "hotspotopnfraction must be in [0, 1]");
        if (lower > upper) (lower, upper) = (upper, lower);
        _lower = lower;
        var interval = upper - lower + 1;
        _hotInterval = (long)(interval * hotsetFraction);
        _coldInterval = interval - _hotInterval;
        _hotOpnFraction = hotOpnFraction;
    }

    /// <summary>Number of items in the hot set.</summary>
    public long HotInterval => _hotInterval;

    /// <inheritdoc/>
    public long Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // An empty hot (or cold) set would be a modulo by zero in YCSB; send the draw to the other set.
        var hot = random.NextDouble() < _hotOpnFraction;
        if (hot && _hotInterval > 0 || _coldInterval == 0)
            return _lower + random.NextInt64() % _hotInterval;
        return _lower + _hotInterval + random.NextInt64() % _coldInterval;
    }
}
