namespace Workbench.Linearizability.ListAppend;

/// <summary>What one micro-operation of a list-append transaction does.</summary>
public enum MicroOpKind
{
    /// <summary>Append a value (unique per key across the history) to the list at a key.</summary>
    Append,
    /// <summary>Read the whole list at a key.</summary>
    Read,
}
