namespace Workbench.Storage.Contract;

/// <summary>
/// Options of a read. Bounds apply to iterators only: keys are in [LowerBound, UpperBound).
/// Instances are immutable once handed to the engine by convention; the shared <see cref="Default"/> must not be mutated.
/// </summary>
public sealed class ReadOptions
{
    /// <summary>Latest state, no bounds; shared, never mutated.</summary>
    public static readonly ReadOptions Default = new();

    /// <summary>Read as of this snapshot; null = the latest state (iterators take an implicit snapshot at creation).</summary>
    public IEngineSnapshot? Snapshot { get; init; }

    /// <summary>Inclusive lower bound for iterators; null = unbounded.</summary>
    public byte[]? LowerBound { get; init; }

    /// <summary>Exclusive upper bound for iterators; null = unbounded.</summary>
    public byte[]? UpperBound { get; init; }

    /// <summary>Whether blocks read should be inserted into the block cache (false for scans that would pollute it).</summary>
    public bool FillCache { get; init; } = true;
}
