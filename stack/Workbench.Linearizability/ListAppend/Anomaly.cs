namespace Workbench.Linearizability.ListAppend;

/// <summary>One anomaly found, with the transactions involved (a cycle lists its members in order).</summary>
public sealed record Anomaly(AnomalyKind Kind, IReadOnlyList<int> Txns, string Description)
{
    /// <summary>The anomaly as one report line: kind, description and the transaction ids in cycle order.</summary>
    public override string ToString() => $"{Kind}: {Description} (txns {string.Join(" -> ", Txns)})";
}
