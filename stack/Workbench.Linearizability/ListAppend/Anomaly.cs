namespace Workbench.Linearizability.ListAppend;

/// <summary>One anomaly found, with the transactions involved (a cycle lists its members in order).</summary>
public sealed record Anomaly(AnomalyKind Kind, IReadOnlyList<int> Txns, string Description)
{
    public override string ToString() => $"{Kind}: {Description} (txns {string.Join(" -> ", Txns)})";
}
