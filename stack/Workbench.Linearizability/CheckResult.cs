namespace Workbench.Linearizability;

/// <summary>The verdict, and for a violation the partition that has no linearization and its longest linearizable prefix length.</summary>
public sealed record CheckResult(CheckOutcome Outcome, string Detail);
