namespace Workbench.Harness.Statistics;

/// <summary>
/// Mann–Whitney U with the normal approximation (tie-corrected variance, continuity correction) for
/// large samples. Perfolizer 0.3.17 computes n·m·(n+m+1) in 32-bit integers and returns NaN or wrong
/// p-values once that overflows (about 4000 × 4000); its exact/approximate strategies are still used
/// for small samples. Stateless, thread-safe.
/// </summary>
internal static class MannWhitneyNormal
{
    /// <summary>One-sided p-value of "x tends to be greater than y" (<paramref name="greater"/>) or "less than y".</summary>
    public static double PValue(IReadOnlyList<double> x, IReadOnlyList<double> y, bool greater)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        long n = x.Count, m = y.Count;
        if (n == 0 || m == 0) return double.NaN;
        var all = new (double Value, bool FromX)[n + m];
        for (var i = 0; i < n; i++) all[i] = (x[i], true);
        for (var i = 0; i < m; i++) all[n + i] = (y[i], false);
        Array.Sort(all, (a, b) => a.Value.CompareTo(b.Value));
        double rankSumX = 0, tieTerm = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j + 1 < all.Length && all[j + 1].Value == all[i].Value) j++;
            var rank = (i + j) / 2.0 + 1; // average 1-based rank of the tie group
            long t = j - i + 1;
            if (t > 1) tieTerm += (double)t * t * t - t;
            for (var k = i; k <= j; k++)
                if (all[k].FromX) rankSumX += rank;
            i = j + 1;
        }
        var u = rankSumX - n * (n + 1) / 2.0;
        var mean = n * (double)m / 2.0;
        double total = n + m;
        var variance = n * (double)m / 12.0 * (total + 1 - tieTerm / (total * (total - 1)));
        if (variance <= 0) return 1.0;
        var sd = Math.Sqrt(variance);
        return greater ? UpperTail((u - mean - 0.5) / sd) : UpperTail(-(u - mean + 0.5) / sd);
    }

    /// <summary>P(Z ≥ z) for a standard normal Z.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    // Complementary error function, Chebyshev fit (Numerical Recipes erfcc), relative error < 1.2e-7.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
