using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

// `topology.engines`: per-node engine overrides for the cluster cells (docs/matrix.md "Per-node
// engines"). Either a mapping of node id → engine entry (nodes not listed run the cell's engine)
// or a list of one entry per node, in node order.
internal sealed partial class MatrixLoader
{
    private IReadOnlyDictionary<int, MatrixNodeEngine> ParseNodeEngines(YamlMappingNode topology, int nodes)
    {
        if (Find(topology, "engines") is not { } key) return new MatrixTopology(nodes, 1, "in-process").NodeEngines; // the shared empty one
        var result = new Dictionary<int, MatrixNodeEngine>();
        var value = topology.Children[key];
        if (value is YamlSequenceNode list)
        {
            if (list.Children.Count != nodes)
                Error(list, "topology.engines", $"a list gives one engine per node, in node order: {list.Children.Count} entries for {nodes} nodes (or use a mapping of node id → engine, e.g. {{ 2: titan }}, for only some nodes)");
            for (var i = 0; i < list.Children.Count && i < nodes; i++)
                if (ParseEngineEntry(list.Children[i], $"topology.engines[{i}]", out var label) is { } config)
                    result[i + 1] = new MatrixNodeEngine(label, config, Line(list.Children[i].Start));
            return result;
        }
        if (value is not YamlMappingNode map)
        {
            Error(value, "topology.engines", "expected a mapping of node id → engine (e.g. { 1: rocksdb, 2: titan }) or a list of one engine per node");
            return result;
        }
        if (map.Children.Count == 0) Error(map, "topology.engines", "names no node; remove it or give node id → engine");
        foreach (var (k, v) in map.Children)
        {
            var text = (k as YamlScalarNode)?.Value ?? "";
            var path = "topology.engines." + text;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                Error(k, path, $"'{text}' is not a node id; node ids are 1..{nodes}");
                continue;
            }
            if (id > nodes)
            {
                Error(k, path, $"node {id} does not exist: the topology has {nodes} nodes (ids 1..{nodes})");
                continue;
            }
            if (ParseEngineEntry(v, path, out var label) is { } config)
                result[id] = new MatrixNodeEngine(label, config, Line(k.Start));
        }
        return result;
    }

    /// <summary>
    /// With `topology.engines`, every cell must run on a cluster (a cell of one engine has no other
    /// nodes to give engines), and each engine axis entry becomes the mix it runs (label
    /// "rocksdb+titan+lsm"), so two axis entries that lead to the same mix are an error.
    /// </summary>
    private List<MatrixEngine> ApplyNodeEngines(YamlMappingNode root, MatrixLayer layer, MatrixTopology? topology, List<MatrixWorkload> workloads, List<MatrixEngine> engines)
    {
        if (topology is null || topology.NodeEngines.Count == 0) return engines;
        var topologyMap = (YamlMappingNode)root.Children[Find(root, "topology")!];
        var at = Find(topologyMap, "engines")!;
        var layerName = layer.ToString().ToLowerInvariant();
        foreach (var w in workloads)
        {
            var effective = (w.Layer ?? layer).ToString().ToLowerInvariant();
            var onCluster = effective == "sql"
                ? SqlCellServer.IsCluster(topology) && w.Kind is WorkloadKind.Ycsb or WorkloadKind.Sysbench
                : w.Kind == WorkloadKind.Ycsb && ClusterCells.RunsOnCluster(effective, topology);
            if (!onCluster)
                Error(at, "topology.engines", $"per-node engines apply to cells on a cluster (YCSB at layer raft, txn with more than one node, or layer sql with more than one node or replica); workload '{w.Label}' (line {w.Line}) runs {w.Kind.ToString().ToLowerInvariant()} at layer {effective} on one engine");
        }
        if (topology.NodeEngines.Count == topology.Nodes && engines.Count(e => e.Endpoint is null) > 1)
            Error(at, "topology.engines", $"every node has its own engine, so the {engines.Count(e => e.Endpoint is null)} engines of the engines axis would all run the same cells; list one engine (its label is unused) or leave a node to the axis (matrix layer {layerName})");
        var result = new List<MatrixEngine>();
        foreach (var e in engines)
            result.Add(e.Endpoint is null ? e with { Label = topology.MixLabel(e.Label), AxisLabel = e.Label } : e);
        return result;
    }
}
