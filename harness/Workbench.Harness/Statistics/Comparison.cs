using System.Globalization;

namespace Workbench.Harness.Statistics;

/// <summary>
/// <see cref="Engine"/> against <see cref="Other"/> on one measure. <see cref="Ratio"/> is engine / other
/// of the very medians the report's tables show; <see cref="Basis"/> says which values the rank test
/// ran on (per repeat, or per one-second interval); <see cref="PValue"/> is the one-sided Mann–Whitney
/// p-value supporting the verdict (two-sided when indistinguishable; NaN when no test ran). A
/// Better/Worse verdict always agrees in direction with <see cref="Ratio"/>.
/// </summary>
internal sealed record Comparison(Measure Measure, string Label, string Engine, string Other, Verdict Verdict, double PValue, double Ratio, string Basis, int EngineValues, int OtherValues)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public bool Significant => Verdict is Verdict.Better or Verdict.Worse;

    /// <summary>The verdict in the words of the measure: faster/slower for throughput, lower/higher for the rest.</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Better => Measure == Measure.Throughput ? "faster" : $"lower {Noun}",
        Verdict.Worse => Measure == Measure.Throughput ? "slower" : $"higher {Noun}",
        Verdict.Indistinguishable => "no clear difference",
        Verdict.OneRun => "one run: not enough to compare",
        _ => "too few repeats to compare",
    };

    private string Noun => Measure switch
    {
        Measure.Latency => "latency",
        Measure.WriteAmp => "WA",
        _ => "space amp",
    };

    /// <summary>e.g. "faster (1.22×, p 0.008, ops/s per repeat)" or "one run: not enough to compare (1.22×)".</summary>
    public string Summary => Significant || Verdict == Verdict.Indistinguishable
        ? $"{VerdictText} ({RatioText}, p {PText(PValue)}, {Basis})"
        : $"{VerdictText} ({RatioText})";

    public string RatioText => double.IsFinite(Ratio) ? Ratio.ToString("0.00", C) + "×" : "—";

    public static string PText(double p) => double.IsNaN(p) ? "—" : p < 0.001 ? "< 0.001" : p.ToString("0.###", C);
}
