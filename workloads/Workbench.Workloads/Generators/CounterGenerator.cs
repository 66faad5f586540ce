namespace Workbench.Workloads.Generators;

/// <summary>YCSB's CounterGenerator: hands out start, start+1, … ; thread-safe (interlocked).</summary>
public class CounterGenerator : INumberGenerator
{
    private long _counter;

    /// <summary>A counter whose first value is <paramref name="start"/>.</summary>
    public CounterGenerator(long start) => _counter = start;

    /// <summary>The next value (the random source is unused; a counter is deterministic).</summary>
    public long Next(Random random) => Next();

    /// <summary>The next value: start, start + 1, ... across all threads.</summary>
    public long Next() => Interlocked.Increment(ref _counter) - 1;

    /// <summary>The last value handed out (start - 1 before the first).</summary>
    public virtual long Last => Interlocked.Read(ref _counter) - 1;
}
