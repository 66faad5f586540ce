namespace Workbench.Workloads.Generators;

/// <summary>YCSB's UniformLongGenerator: every integer in [lower, upper] equally likely. Stateless, thread-safe.</summary>
public sealed class UniformLongGenerator : INumberGenerator
{
    private readonly long _lower;
    private readonly long _interval;

    /// <summary>Uniform over [<paramref name="lower"/>, <paramref name="upper"/>]; an empty range (upper below lower) is an error.</summary>
    public UniformLongGenerator(long lower, long upper)
    {
        if (upper < lower) throw new ArgumentException($"uniform range is empty: lower {lower} > upper {upper}");
        _lower = lower;
        _interval = upper - lower + 1;
    }

    /// <summary>Smallest value drawn.</summary>
    public long Lower => _lower;
    /// <summary>Largest value drawn.</summary>
    public long Upper => _lower + _interval - 1;

    /// <summary>One draw, as YCSB: Math.abs(nextLong()) % interval + lower (NextInt64 is already non-negative).</summary>
    public long Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextInt64() % _interval + _lower;
    }
}
