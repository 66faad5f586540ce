namespace Workbench.Harness.Matrix;

/// <summary>
/// A validated workload matrix (DESIGN.md §6): the axes (engines × workloads × value sizes × threads)
/// repeated <see cref="Repeat"/> times, with fixed settings. Produced only by <see cref="MatrixLoader"/>,
/// so every instance has passed validation. Immutable.
/// </summary>
internal sealed record MatrixSpec
{
    public required string Name { get; init; }
    public required string SourcePath { get; init; }
    public required IReadOnlyList<MatrixEngine> Engines { get; init; }
    public required IReadOnlyList<MatrixWorkload> Workloads { get; init; }
    public required IReadOnlyList<int> ValueSizes { get; init; }
    public required IReadOnlyList<int> Threads { get; init; }
    public int Repeat { get; init; } = 1;
    public MatrixLayer Layer { get; init; } = MatrixLayer.Engine;
    public MatrixTopology? Topology { get; init; }
    public int Seed { get; init; } = 42;

    /// <summary>Label of the engine every other engine is compared with (default: the first).</summary>
    public required string Baseline { get; init; }

    /// <summary>Every cell of the cross product, in run order (repeat outermost, so an interrupted run has whole repeats early).</summary>
    public IReadOnlyList<MatrixCell> Cells()
    {
        var cells = new List<MatrixCell>();
        for (var r = 0; r < Repeat; r++)
            foreach (var w in Workloads)
                // sysbench's rows and thread count are its own settings: one value size (0) and its threads.
                foreach (var v in w.Sysbench is null ? ValueSizes : [0])
                    foreach (var t in w.Sysbench is { } sb ? [sb.Threads] : Threads)
                        foreach (var e in Engines)
                            cells.Add(new MatrixCell(e, w, v, t, r, Seed + r));
        return cells;
    }
}
