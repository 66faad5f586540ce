using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.Cpd;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Workbench.Harness.Statistics;

/// <summary>
/// The statistics every report uses, on Perfolizer 0.6 (DESIGN.md §4): Harrell–Davis medians with
/// confidence intervals, Mann–Whitney rank tests for "is A better than B", the coefficient of
/// variation across repeats, and ED-PELT change-point detection on throughput series. Stateless, thread-safe.
/// </summary>
internal static class Estimators
{
    public const double DefaultAlpha = 0.05;
    public const double StallFraction = 0.6;

    /// <summary>Median with a confidence interval at <paramref name="confidence"/>; needs at least two finite values for an interval.</summary>
    public static MedianEstimate Median(IReadOnlyList<double> values, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        var clean = values.Where(double.IsFinite).ToArray();
        if (clean.Length == 0) return new MedianEstimate(double.NaN, double.NaN, double.NaN, 0, confidence);
        if (clean.Length == 1) return new MedianEstimate(clean[0], double.NaN, double.NaN, 1, confidence);
        var sample = new Sample(clean);
        var hd = HarrellDavisQuantileEstimator.Instance;
        var ci = hd.QuantileConfidenceIntervalEstimator(sample, Probability.Half).ConfidenceInterval(new ConfidenceLevel(confidence));
        // With tiny samples the normal-approximation interval can overshoot the data; clamp to its range.
        var lower = Math.Max(ci.Lower, clean.Min());
        var upper = Math.Min(ci.Upper, clean.Max());
        return new MedianEstimate(ci.Estimation, lower, upper, clean.Length, confidence);
    }

    /// <summary>
    /// Two one-sided Mann–Whitney tests of <paramref name="x"/> against <paramref name="y"/>: Better when x is
    /// significantly higher (<paramref name="higherIsBetter"/>) or lower (otherwise) at <paramref name="alpha"/>.
    /// InsufficientData when the samples are so small that even complete separation could not reach
    /// alpha (the exact one-sided p of complete separation is 1 / C(n+m, n): 2 + 2 values give 0.167,
    /// 3 + 3 give 0.05, 3 + 4 give 0.029). Indistinguishable gives the two-sided p-value.
    /// </summary>
    public static (Verdict Verdict, double PValue) RankTest(IReadOnlyList<double> x, IReadOnlyList<double> y, bool higherIsBetter, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var a = x.Where(double.IsFinite).ToArray();
        var b = y.Where(double.IsFinite).ToArray();
        if (a.Length == 0 || b.Length == 0 || SeparationPValue(a.Length, b.Length) >= alpha) return (Verdict.InsufficientData, double.NaN);
        if (a.Distinct().Count() == 1 && b.Distinct().Count() == 1 && a[0] == b[0]) return (Verdict.Indistinguishable, 1.0);
        var sa = new Sample(a);
        var sb = new Sample(b);
        var greater = PValue(sa, sb, AlternativeHypothesis.Greater);
        var less = PValue(sa, sb, AlternativeHypothesis.Less);
        if (greater < alpha && greater <= less) return (higherIsBetter ? Verdict.Better : Verdict.Worse, greater);
        if (less < alpha) return (higherIsBetter ? Verdict.Worse : Verdict.Better, less);
        return (Verdict.Indistinguishable, Math.Min(1.0, 2 * Math.Min(greater, less)));
    }

    /// <summary>The exact one-sided Mann–Whitney p-value of complete separation of n and m values: 1 / C(n+m, n).</summary>
    public static double SeparationPValue(int n, int m)
    {
        double c = 1;
        for (var i = 1; i <= Math.Min(n, m); i++) c = c * (n + m - Math.Min(n, m) + i) / i;
        return 1 / c;
    }

    /// <summary>Sample standard deviation / mean of the finite values; NaN with fewer than two or a zero mean.</summary>
    public static double CoefficientOfVariation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length < 2) return double.NaN;
        var mean = v.Average();
        if (mean == 0) return double.NaN;
        var ss = 0.0;
        foreach (var d in v) ss += (d - mean) * (d - mean);
        return Math.Sqrt(ss / (v.Length - 1)) / Math.Abs(mean);
    }

    private static double PValue(Sample x, Sample y, AlternativeHypothesis h)
    {
        // Perfolizer 0.6.1's Mann–Whitney still overflows for large samples (NaN at 4000 × 4000, and p = 0
        // at 500 × 4000 where the normal approximation gives about 0.02; checked when moving to 0.6.1):
        // use it (exact or approximate, its choice) for small samples only.
        if ((long)x.Size * y.Size > 10_000)
            return MannWhitneyNormal.PValue(x.Values, y.Values, h == AlternativeHypothesis.Greater);
        return MannWhitneyTest.Instance.Perform(x, y, h, Threshold.Zero).PValue.Value;
    }

    /// <summary>
    /// Change points of a throughput series by ED-PELT (nonparametric; finds shifts in distribution, not
    /// just mean). A change into a segment whose median is below <see cref="StallFraction"/> of the
    /// whole series' median is marked as a stall.
    /// </summary>
    public static IReadOnlyList<ChangePoint> ChangePoints(IReadOnlyList<double> series, int minDistance = 3)
    {
        ArgumentNullException.ThrowIfNull(series);
        var data = series.Where(double.IsFinite).ToArray();
        if (data.Length < 2 * minDistance) return [];
        var indexes = EdPeltChangePointDetector.Instance.GetChangePointIndexes(data, minDistance);
        if (indexes.Length == 0) return [];
        var overall = SimpleMedian(data);
        var bounds = new List<int> { 0 };
        bounds.AddRange(indexes.Where(i => i > 0 && i < data.Length).Distinct().Order());
        bounds.Add(data.Length);
        var result = new List<ChangePoint>();
        for (var s = 1; s < bounds.Count - 1; s++)
        {
            var before = SimpleMedian(data[bounds[s - 1]..bounds[s]]);
            var after = SimpleMedian(data[bounds[s]..bounds[s + 1]]);
            result.Add(new ChangePoint(bounds[s], before, after, after < before && after < StallFraction * overall));
        }
        return result;
    }

    public static double SimpleMedian(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
