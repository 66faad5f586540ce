namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's SkewedLatestGenerator ("latest" request distribution): the most recently inserted item
/// is the most popular; popularity falls off zipfian with age. <c>next = last - zipfian(last)</c>
/// where <c>last</c> is the basis counter's last acknowledged value. Thread-safe.
/// </summary>
public sealed class SkewedLatestGenerator : INumberGenerator
{
    private readonly CounterGenerator _basis;
    private readonly ZipfianGenerator _zipfian;

    /// <summary>Skews toward the last acknowledged value of <paramref name="basis"/> (the insert sequence).</summary>
    public SkewedLatestGenerator(CounterGenerator basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        _basis = basis;
        _zipfian = new ZipfianGenerator(Math.Max(1, basis.Last));
    }

    /// <inheritdoc/>
    public long Next(Random random)
    {
        var max = _basis.Last;
        return max - _zipfian.Next(random, max);
    }
}
