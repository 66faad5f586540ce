namespace Workbench.Workloads.Generators;

/// <summary>YCSB's CounterGenerator: hands out start, start+1, … ; thread-safe (interlocked).</summary>
public class CounterGenerator : INumberGenerator
{
    private long _counter;

    public CounterGenerator(long start) => _counter = start;

    public long Next(Random random) => Next();

    public long Next() => Interlocked.Increment(ref _counter) - 1;

    /// <summary>The last value handed out (start - 1 before the first).</summary>
    public virtual long Last => Interlocked.Read(ref _counter) - 1;
}
