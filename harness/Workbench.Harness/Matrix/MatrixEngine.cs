using Workbench.Storage.Registry;

namespace Workbench.Harness.Matrix;

/// <summary>One engine axis entry: a label (unique in the matrix) and the engine config section, or (layer sql) an external endpoint in its place.</summary>
internal sealed record MatrixEngine(string Label, EngineConfig Config, int Line)
{
    /// <summary>Set when the entry is an external MySQL server rather than one of our engines (then <see cref="Config"/> only names it).</summary>
    public MatrixEndpoint? Endpoint { get; init; }

    /// <summary>The engines axis entry's own label when <see cref="Label"/> is a per-node mix (`topology.engines`); else null.</summary>
    public string? AxisLabel { get; init; }

    /// <summary>Each node's engine label (node id → label) of a cluster cell of this engine on <paramref name="topology"/>.</summary>
    public SortedDictionary<int, string> NodeLabels(MatrixTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.NodeLabels(AxisLabel ?? Label);
    }
}
