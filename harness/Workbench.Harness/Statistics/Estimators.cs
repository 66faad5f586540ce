using Perfolizer;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.Cpd;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;

namespace Workbench.Harness.Statistics;

/// <summary>
/// The statistics every report uses, on Perfolizer (DESIGN.md §4): Harrell–Davis medians with
/// confidence intervals, Mann–Whitney rank tests for "is A faster than B", and ED-PELT change-point
/// detection on throughput series. Stateless and thread-safe.
/// </summary>
public static class Estimators
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
    /// Compares <paramref name="candidate"/> with <paramref name="baseline"/> by two one-sided Mann–Whitney tests.
    /// For throughput higher is better; for latency lower is better (<paramref name="higherIsBetter"/> false).
    /// </summary>
    public static Comparison Compare(string metric, string engine, string baselineName, IReadOnlyList<double> candidate, IReadOnlyList<double> baseline, bool higherIsBetter, double alpha = DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var x = candidate.Where(double.IsFinite).ToArray();
        var y = baseline.Where(double.IsFinite).ToArray();
        var ratio = x.Length > 0 && y.Length > 0 ? SimpleMedian(x) / SimpleMedian(y) : double.NaN;
        if (x.Length < 3 || y.Length < 3)
            return new Comparison(metric, engine, baselineName, Verdict.InsufficientData, double.NaN, ratio, x.Length, y.Length);
        if (x.Distinct().Count() == 1 && y.Distinct().Count() == 1 && x[0] == y[0])
            return new Comparison(metric, engine, baselineName, Verdict.Indistinguishable, 1.0, ratio, x.Length, y.Length);
        var sx = new Sample(x);
        var sy = new Sample(y);
        var greater = PValue(sx, sy, AlternativeHypothesis.Greater);
        var less = PValue(sx, sy, AlternativeHypothesis.Less);
        Verdict verdict;
        double p;
        if (greater < alpha && greater <= less)
        {
            verdict = higherIsBetter ? Verdict.Faster : Verdict.Slower;
            p = greater;
        }
        else if (less < alpha)
        {
            verdict = higherIsBetter ? Verdict.Slower : Verdict.Faster;
            p = less;
        }
        else
        {
            verdict = Verdict.Indistinguishable;
            p = Math.Min(1.0, 2 * Math.Min(greater, less));
        }
        return new Comparison(metric, engine, baselineName, verdict, p, ratio, x.Length, y.Length);
    }

    private static double PValue(Sample x, Sample y, AlternativeHypothesis h)
    {
        // Perfolizer's Mann–Whitney overflows 32-bit arithmetic for large samples (NaN at 4000 × 4000):
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
