using Workbench.Storage.Registry;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The cluster shape of layers above the engine (nodes, replicas, transport; <paramref name="RaftLogInEngine"/>
/// = `raft_log: engine`, the Raft log in the engine's raft CF); unused at layer engine.
/// <see cref="NodeEngines"/> are `topology.engines`: nodes that run an engine of their own instead
/// of the cell's (node id 1..Nodes → engine); the other nodes run the cell's engine.
/// </summary>
internal sealed record MatrixTopology(int Nodes, int Replicas, string Transport, bool RaftLogInEngine = false)
{
    // One shared empty instance, so topologies without overrides compare equal (record equality compares this by reference).
    private static readonly IReadOnlyDictionary<int, MatrixNodeEngine> NoOverrides = new Dictionary<int, MatrixNodeEngine>();

    public IReadOnlyDictionary<int, MatrixNodeEngine> NodeEngines { get; init; } = NoOverrides;

    /// <summary>
    /// `topology: FILE` (a tcp cluster YAML, docs/cluster.md), as a full path: cells start its
    /// processes (addresses, labels, replicas, raft and region settings from the file; data
    /// directories under the cell's; every node on the cell's engine). Null: the shape above.
    /// </summary>
    public string? ClusterFile { get; init; }

    /// <summary>The engine node <paramref name="node"/> (1-based) runs when the cell's engine is <paramref name="cellEngine"/>.</summary>
    public EngineConfig EngineOf(int node, EngineConfig cellEngine) =>
        NodeEngines.TryGetValue(node, out var e) ? e.Config : cellEngine;

    /// <summary>Each node's engine label (node id → label) when the cell's engine is labelled <paramref name="cellLabel"/>.</summary>
    public SortedDictionary<int, string> NodeLabels(string cellLabel)
    {
        var labels = new SortedDictionary<int, string>();
        for (var i = 1; i <= Nodes; i++) labels[i] = NodeEngines.TryGetValue(i, out var e) ? e.Label : cellLabel;
        return labels;
    }

    /// <summary>
    /// The label of a cell whose engine is <paramref name="cellLabel"/>: itself without overrides,
    /// else every node's engine in node order joined by '+' (e.g. "rocksdb+titan+lsm"), so the cell
    /// id, the report's rows and its legends show the mix.
    /// </summary>
    public string MixLabel(string cellLabel) =>
        NodeEngines.Count == 0 ? cellLabel : string.Join('+', NodeLabels(cellLabel).Values);
}
