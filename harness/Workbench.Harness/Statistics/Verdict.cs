namespace Workbench.Harness.Statistics;

/// <summary>Outcome of comparing one engine with another on one measure.</summary>
internal enum Verdict
{
    /// <summary>Significantly better (higher ops/s; lower latency, WA or space) and the medians agree.</summary>
    Better,

    /// <summary>Significantly worse, and the medians agree.</summary>
    Worse,

    /// <summary>Tested, and the difference is not significant (or the test and the medians disagree in direction).</summary>
    Indistinguishable,

    /// <summary>One repeat on a side: run-to-run variation is unknown, so only the ratio is given.</summary>
    OneRun,

    /// <summary>Several repeats, but too few values for a rank test to ever reach the significance level.</summary>
    InsufficientData,
}
