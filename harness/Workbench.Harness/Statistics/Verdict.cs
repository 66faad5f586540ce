namespace Workbench.Harness.Statistics;

/// <summary>Outcome of comparing an engine with the baseline on one metric.</summary>
public enum Verdict
{
    Faster,
    Slower,
    Indistinguishable,

    /// <summary>Too few samples on one side for a rank test.</summary>
    InsufficientData,
}
