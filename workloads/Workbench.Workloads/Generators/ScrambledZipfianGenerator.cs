namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's ScrambledZipfianGenerator: draws a zipfian rank over a fixed space of 10^10 items and
/// hashes it (FNV-1a 64) into [min, max], so popular items are spread over the key space instead
/// of clustering at the start. With θ = 0.99 it uses YCSB's precomputed zeta(10^10) rather than
/// summing 10^10 terms. Thread-safe.
/// </summary>
public sealed class ScrambledZipfianGenerator : INumberGenerator
{
    /// <summary>YCSB's precomputed zeta(10^10, 0.99).</summary>
    public const double Zetan = 26.46902820178302;
    /// <summary>The θ for which <see cref="Zetan"/> is precomputed.</summary>
    public const double UsedZipfianConstant = 0.99;
    /// <summary>Size of the zipfian rank space before hashing (10^10, YCSB's ITEM_COUNT).</summary>
    public const long ItemCount = 10_000_000_000L;

    private readonly ZipfianGenerator _gen;
    private readonly long _min;
    private readonly long _itemCount;

    /// <summary>Items 0 .. <paramref name="items"/> − 1.</summary>
    public ScrambledZipfianGenerator(long items) : this(0, items - 1) { }

    /// <summary>Items [<paramref name="min"/>, <paramref name="max"/>], zipfian with <paramref name="zipfianConstant"/> before scrambling.</summary>
    public ScrambledZipfianGenerator(long min, long max, double zipfianConstant = ZipfianGenerator.ZipfianConstant)
    {
        if (max < min) throw new ArgumentException($"scrambled zipfian range is empty: min {min} > max {max}");
        _min = min;
        _itemCount = max - min + 1;
        // YCSB passes ITEM_COUNT as the *max* (so the zipfian has 10^10 + 1 items) with the zeta of 10^10 items; kept as is.
        _gen = zipfianConstant == UsedZipfianConstant
            ? new ZipfianGenerator(0, ItemCount, zipfianConstant, Zetan)
            : new ZipfianGenerator(0, ItemCount, zipfianConstant);
    }

    /// <inheritdoc/>
    public long Next(Random random) => _min + Fnv64.Hash(_gen.Next(random)) % _itemCount;
}
