namespace Workbench.Linearizability.ListAppend;

/// <summary>Adya's anomalies as Elle names them, plus what makes a history uninterpretable.</summary>
public enum AnomalyKind
{
    /// <summary>Write cycle: a dependency cycle of ww edges only.</summary>
    G0,
    /// <summary>Aborted read: a committed read saw a value of an aborted transaction.</summary>
    G1a,
    /// <summary>Intermediate read: a read saw a value that its writer later overwrote in the same transaction.</summary>
    G1b,
    /// <summary>Circular information flow: a cycle of ww and wr edges (at least one wr).</summary>
    G1c,
    /// <summary>A cycle with exactly one rw (anti-dependency) edge: read skew; forbidden by snapshot isolation.</summary>
    GSingle,
    /// <summary>A cycle needing two or more rw edges (write skew): allowed by snapshot isolation, not by serializability.</summary>
    G2,
    /// <summary>Two reads of a key that are not prefixes of one another: no single version order exists.</summary>
    IncompatibleOrder,
}
