namespace Workbench.Workloads.DbBench;

/// <summary>SplitMix64: a tiny, fast, seedable generator for key choice (one per thread; not thread-safe).</summary>
public struct BenchRandom
{
    private ulong _state;

    /// <summary>A generator whose sequence is fixed by <paramref name="seed"/>.</summary>
    public BenchRandom(ulong seed) => _state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) (bound &gt; 0), by Lemire's multiply-shift.</summary>
    public long NextBelow(long bound) => (long)(((UInt128)Next() * (ulong)bound) >> 64);
}
