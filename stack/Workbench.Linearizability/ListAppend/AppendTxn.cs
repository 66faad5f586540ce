namespace Workbench.Linearizability.ListAppend;

/// <summary>One transaction of a list-append history, its micro-ops in program order.</summary>
public sealed record AppendTxn(int Id, TxnOutcome Outcome, IReadOnlyList<MicroOp> Ops);
