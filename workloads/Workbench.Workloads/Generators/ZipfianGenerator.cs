namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's ZipfianGenerator (Gray et al., "Quickly Generating Billion-Record Synthetic Databases"):
/// item <c>min</c> is the most popular, then <c>min+1</c>, and so on, with P(rank k) ∝ 1/k^θ,
/// θ = 0.99 by default. Faithful to the Java code, including that a growing item count extends
/// zeta incrementally and that eta is recomputed with the *original* item count (YCSB does so).
/// Thread-safety: <see cref="Next(Random, long)"/> may update zeta under a lock; reads of the
/// constants race benignly exactly as in YCSB (they only change when the item count grows).
/// </summary>
public sealed class ZipfianGenerator : INumberGenerator
{
    /// <summary>YCSB's default θ (zipfian constant), 0.99.</summary>
    public const double ZipfianConstant = 0.99;

    private readonly object _lock = new();
    private readonly long _items;
    private readonly long _base;
    private readonly double _theta;
    private readonly double _zeta2Theta;
    private readonly double _alpha;
    private double _zetan;
    private double _eta;
    private long _countForZeta;

    /// <summary>Items 0 .. <paramref name="items"/> − 1, θ = 0.99.</summary>
    public ZipfianGenerator(long items) : this(0, items - 1) { }

    /// <summary>Items [<paramref name="min"/>, <paramref name="max"/>] with θ = <paramref name="zipfianConstant"/> in (0, 1); computes zeta(n, θ) in O(n).</summary>
    public ZipfianGenerator(long min, long max, double zipfianConstant = ZipfianConstant)
        : this(min, max, zipfianConstant, Zeta(0, max - min + 1, zipfianConstant, 0)) { }

    /// <summary>With a precomputed zeta(n, θ) (used by the scrambled generator for n = 10^10).</summary>
    public ZipfianGenerator(long min, long max, double zipfianConstant, double zetan)
    {
        if (max < min) throw new ArgumentException($"zipfian range is empty: min {min} > max {max}");
        if (zipfianConstant <= 0 || zipfianConstant >= 1) throw new ArgumentOutOfRangeException(nameof(zipfianConstant), zipfianConstant, "the zipfian constant must be in (0, 1)");
        _items = max - min + 1;
        _base = min;
        _theta = zipfianConstant;
        _zeta2Theta = Zeta(0, 2, _theta, 0);
        _alpha = 1.0 / (1.0 - _theta);
        _zetan = zetan;
        _countForZeta = _items;
        _eta = (1 - Math.Pow(2.0 / _items, 1 - _theta)) / (1 - _zeta2Theta / _zetan);
    }

    /// <summary>Number of items the generator was built for.</summary>
    public long Items => _items;
    /// <summary>zeta(n, θ) for the item count zeta was last extended to.</summary>
    public double Zetan => Volatile.Read(ref _zetan);

    /// <summary>Σ_{i=st}^{n-1} 1/(i+1)^θ added to <paramref name="initialSum"/> (YCSB's zetastatic).</summary>
    public static double Zeta(long st, long n, double theta, double initialSum)
    {
        var sum = initialSum;
        for (var i = st; i < n; i++) sum += 1 / Math.Pow(i + 1, theta);
        return sum;
    }

    /// <inheritdoc/>
    public long Next(Random random) => Next(random, _items);

    /// <summary>A value in [min, min + itemCount) (YCSB's nextLong(itemcount)).</summary>
    public long Next(Random random, long itemCount)
    {
        ArgumentNullException.ThrowIfNull(random);
        double zetan, eta;
        if (itemCount != Volatile.Read(ref _countForZeta))
        {
            lock (_lock)
            {
                // YCSB only ever grows zeta (allowitemcountdecrease is false by default).
                if (itemCount > _countForZeta)
                {
                    _zetan = Zeta(_countForZeta, itemCount, _theta, _zetan);
                    _countForZeta = itemCount;
                    _eta = (1 - Math.Pow(2.0 / _items, 1 - _theta)) / (1 - _zeta2Theta / _zetan);
                }
                zetan = _zetan;
                eta = _eta;
            }
        }
        else
        {
            zetan = _zetan;
            eta = _eta;
        }
        var u = random.NextDouble();
        var uz = u * zetan;
        if (uz < 1.0) return _base;
        if (uz < 1.0 + Math.Pow(0.5, _theta)) return _base + 1;
        return _base + (long)(itemCount * Math.Pow(eta * u - eta + 1, _alpha));
    }
}
