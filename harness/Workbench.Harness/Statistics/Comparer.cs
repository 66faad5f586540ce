namespace Workbench.Harness.Statistics;

/// <summary>
/// Compares two engines of one group on one measure, by the rule every verdict of the report follows:
/// the ratio is of the medians the tables show; one repeat on either side gives no verdict ("one
/// run"); otherwise a Mann–Whitney test on per-repeat values — for throughput on the one-second
/// intervals of all repeats instead when every repeat has at least <see cref="MinIntervals"/> of
/// them; and a significant test whose direction disagrees with the medians is reported as no clear
/// difference. Stateless, thread-safe.
/// </summary>
internal static class Comparer
{
    /// <summary>Per-second intervals each repeat must have before throughput is tested on intervals rather than per repeat.</summary>
    public const int MinIntervals = 3;

    public static Comparison Compare(Measure measure, EngineSummary a, EngineSummary b, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var label = measure switch
        {
            Measure.Throughput => "ops/s",
            Measure.Latency => (operation ?? "all operations") + " p99 latency",
            Measure.WriteAmp => "write amplification",
            _ => "space amplification",
        };
        var va = a.Value(measure, operation);
        var vb = b.Value(measure, operation);
        var ratio = vb != 0 ? va / vb : double.NaN;
        var xa = a.Phases.Select(p => EngineSummary.RepeatValue(p, measure, operation)).Where(double.IsFinite).ToList();
        var xb = b.Phases.Select(p => EngineSummary.RepeatValue(p, measure, operation)).Where(double.IsFinite).ToList();
        if (xa.Count < 2 || xb.Count < 2)
            return new Comparison(measure, label, a.Engine, b.Engine, Verdict.OneRun, double.NaN, ratio, "one run", xa.Count, xb.Count);

        var basis = measure == Measure.Throughput ? "ops/s per repeat" : label.Replace(" latency", "", StringComparison.Ordinal) + " per repeat";
        if (measure == Measure.Throughput && a.Phases.Concat(b.Phases).All(p => p.ThroughputSeries.Length >= MinIntervals))
        {
            xa = a.Phases.SelectMany(p => p.ThroughputSeries).ToList();
            xb = b.Phases.SelectMany(p => p.ThroughputSeries).ToList();
            basis = $"ops per one-second interval over {a.Phases.Count} + {b.Phases.Count} repeats";
        }
        var higherIsBetter = measure == Measure.Throughput;
        var (verdict, p) = Estimators.RankTest(xa, xb, higherIsBetter);
        // The verdict must never point the other way from the medians the tables show.
        var ratioSaysBetter = higherIsBetter ? ratio > 1 : ratio < 1;
        var ratioSaysWorse = higherIsBetter ? ratio < 1 : ratio > 1;
        if ((verdict == Verdict.Better && !ratioSaysBetter) || (verdict == Verdict.Worse && !ratioSaysWorse))
        {
            verdict = Verdict.Indistinguishable;
            basis += "; the test and the medians disagree in direction";
        }
        return new Comparison(measure, label, a.Engine, b.Engine, verdict, p, ratio, basis, xa.Count, xb.Count);
    }
}
