namespace Workbench.Workloads.Generators;

/// <summary>
/// A source of integers with a YCSB-defined distribution. Randomness is passed in per call so one
/// generator can be shared by many worker threads (as YCSB shares its generators and uses
/// ThreadLocalRandom) while every thread keeps its own seeded <see cref="Random"/>, which keeps runs
/// reproducible from a seed. Implementations are thread-safe unless they say otherwise.
/// </summary>
public interface INumberGenerator
{
    /// <summary>The next number, drawing randomness from <paramref name="random"/> (the caller's, so runs replay from a seed).</summary>
    long Next(Random random);
}
