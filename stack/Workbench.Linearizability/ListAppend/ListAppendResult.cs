namespace Workbench.Linearizability.ListAppend;

/// <summary>What the checker found; an empty list means no anomaly of any kind.</summary>
public sealed record ListAppendResult(IReadOnlyList<Anomaly> Anomalies)
{
    public bool Has(AnomalyKind kind)
    {
        foreach (var a in Anomalies) if (a.Kind == kind) return true;
        return false;
    }

    /// <summary>Snapshot isolation forbids everything here except G2.</summary>
    public bool IsSnapshotIsolation
    {
        get
        {
            foreach (var a in Anomalies) if (a.Kind != AnomalyKind.G2) return false;
            return true;
        }
    }

    public bool IsSerializable => Anomalies.Count == 0;

    public override string ToString() => Anomalies.Count == 0 ? "no anomalies" : string.Join("; ", Anomalies);
}
