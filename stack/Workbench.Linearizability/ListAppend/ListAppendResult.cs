namespace Workbench.Linearizability.ListAppend;

/// <summary>What the checker found; an empty list means no anomaly of any kind.</summary>
public sealed record ListAppendResult(IReadOnlyList<Anomaly> Anomalies)
{
    /// <summary>Whether at least one anomaly of <paramref name="kind"/> was found.</summary>
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

    /// <summary>True when no anomaly of any kind was found (the history is serializable as far as list-append can tell).</summary>
    public bool IsSerializable => Anomalies.Count == 0;

    /// <summary>"no anomalies", or the anomalies joined by "; " for a report line.</summary>
    public override string ToString() => Anomalies.Count == 0 ? "no anomalies" : string.Join("; ", Anomalies);
}
