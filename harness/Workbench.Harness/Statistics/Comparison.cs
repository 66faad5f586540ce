namespace Workbench.Harness.Statistics;

/// <summary>
/// An engine against the baseline on one metric (throughput per interval, or latency of one
/// operation type): the verdict, the p-value of the one-sided Mann–Whitney test that supports it
/// (two-sided when indistinguishable), and the ratio of medians (engine / baseline).
/// </summary>
public sealed record Comparison(string Metric, string Engine, string Baseline, Verdict Verdict, double PValue, double MedianRatio, int EngineSamples, int BaselineSamples)
{
    public string VerdictText => Verdict switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        Verdict.Indistinguishable => "indistinguishable",
        _ => "insufficient data",
    };
}
