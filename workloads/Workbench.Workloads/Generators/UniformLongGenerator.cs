namespace Workbench.Workloads.Generators;

/// <summary>YCSB's UniformLongGenerator: every integer in [lower, upper] equally likely. Stateless, thread-safe.</summary>
public sealed class UniformLongGenerator : INumberGenerator
{
    private readonly long _lower;
    private readonly long _interval;

    public UniformLongGenerator(long lower, long upper)
    {
        if (upper < lower) throw new ArgumentException($"uniform range is empty: lower {lower} > upper {upper}");
        _lower = lower;
        _interval = upper - lower + 1;
    }

    public long Lower => _lower;
    public long Upper => _lower + _interval - 1;

    // YCSB: Math.abs(nextLong()) % interval + lb. NextInt64() is already non-negative.
    public long Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextInt64() % _interval + _lower;
    }
}
