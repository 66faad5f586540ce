namespace Workbench.Linearizability.ListAppend;

/// <summary>The kind of an edge between two transactions in the dependency graph (Adya's ww, wr, rw).</summary>
public enum DependencyKind
{
    /// <summary>Write-write: T1 appended the element right before T2's in a key's version order.</summary>
    WW,
    /// <summary>Write-read: T2 read T1's element as the last of a list.</summary>
    WR,
    /// <summary>Read-write (anti-dependency): T1 read a list that T2's append later extended.</summary>
    RW,
}
