using System.Text.Json;
using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>`topology.engines`: per-node engine overrides of cluster cells (docs/matrix.md "Per-node engines").</summary>
public sealed class NodeEnginesTests : IDisposable
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-nodeengines-" + Guid.NewGuid().ToString("N"));

    public NodeEnginesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MatrixSpec Load(string yaml) => new MatrixLoader(EngineCatalog.Create()).Load(yaml, "/tmp/test-matrix.yaml");

    private static MatrixValidationException Invalid(string yaml) => Assert.Throws<MatrixValidationException>(() => Load(yaml));

    private static string Raft(string topology, string engines = "[lsm]", string layer = "raft") =>
        $"name: t\nengines: {engines}\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, recordcount: 50, operationcount: 50, layer: {layer} }}\nvalue_sizes: [200]\ntopology:\n{topology}";

    [Fact]
    public void A_mapping_overrides_some_nodes_and_a_list_gives_every_node_and_labels_show_the_mix()
    {
        var some = Load(Raft("  nodes: 3\n  replicas: 3\n  engines: { 2: memory, 3: { name: lsm, options: { write_buffer_size: 1MiB } } }\n", "[lsm, btree]"));
        Assert.Equal(["memory", "lsm(write_buffer_size=1MiB)"], some.Topology!.NodeEngines.OrderBy(k => k.Key).Select(k => k.Value.Label).ToArray());
        Assert.Equal("memory", some.Topology.EngineOf(2, new("btree")).Name);
        Assert.Equal("btree", some.Topology.EngineOf(1, new("btree")).Name);
        Assert.Equal(["lsm+memory+lsm(write_buffer_size=1MiB)", "btree+memory+lsm(write_buffer_size=1MiB)"], some.Engines.Select(e => e.Label).ToArray());
        Assert.Equal("lsm+memory+lsm(write_buffer_size=1MiB)", some.Baseline);
        Assert.Contains(some.Cells(), c => c.Id.Contains("/btree+memory+", StringComparison.Ordinal));

        var all = Load(Raft("  nodes: 3\n  replicas: 3\n  engines: [memory, lsm, btree]\n"));
        Assert.Equal("memory+lsm+btree", Assert.Single(all.Engines).Label);
        Assert.Equal(["memory", "lsm", "btree"], ClusterCells.Nodes(all.Topology!, new("rocksdb")).Select(n => n.Engine.Name).ToArray());
    }

    [Theory]
    [InlineData("  nodes: 3\n  engines: { 5: memory }\n", "topology.engines.5", 8, "node 5 does not exist")]
    [InlineData("  nodes: 3\n  engines: { x: memory }\n", "topology.engines.x", 8, "not a node id")]
    [InlineData("  nodes: 3\n  engines: { 2: nosuchengine }\n", "topology.engines.2.name", 8, "unknown engine")]
    [InlineData("  nodes: 3\n  engines:\n    2: { name: lsm, options: { no_such_option: 1 } }\n", "topology.engines.2.options", 9, "no_such_option")]
    [InlineData("  nodes: 3\n  engines: [memory, lsm]\n", "topology.engines", 8, "2 entries for 3 nodes")]
    [InlineData("  nodes: 3\n  engines: memory\n", "topology.engines", 8, "expected a mapping")]
    [InlineData("  nodes: 3\n  transport: udp\n", "topology.transport", 8, "unknown transport")]
    public void Impossible_overrides_are_errors_naming_key_and_line(string topology, string key, int line, string text)
    {
        var err = Assert.Single(Invalid(Raft(topology)).Errors);
        Assert.Equal((key, line), (err.Key, err.Line));
        Assert.Contains(text, err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_need_every_cell_on_a_cluster_and_an_axis_entry_that_matters()
    {
        var engineLayer = Assert.Single(Invalid($"name: t\nlayer: raft\nengines: [lsm]\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, layer: raft }}\n  - {{ kind: ycsb, label: e, file: {WorkloadA}, layer: engine }}\nvalue_sizes: [200]\ntopology: {{ nodes: 3, engines: {{ 1: memory }} }}\n").Errors);
        Assert.Equal(("topology.engines", 8), (engineLayer.Key, engineLayer.Line));
        Assert.Contains("workload 'e'", engineLayer.Message, StringComparison.Ordinal);

        var singleSql = Assert.Single(Invalid("name: t\nlayer: sql\nengines: [lsm]\nworkloads:\n  - { kind: sysbench }\ntopology: { nodes: 1, replicas: 1, engines: { 1: memory } }\n").Errors);
        Assert.Equal("topology.engines", singleSql.Key);

        var unused = Assert.Single(Invalid(Raft("  nodes: 2\n  replicas: 2\n  engines: [memory, lsm]\n", "[lsm, btree]")).Errors);
        Assert.Equal("topology.engines", unused.Key);
        Assert.Contains("would all run the same cells", unused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mixed_engine_raft_cell_runs_and_its_results_json_names_each_nodes_engine()
    {
        var file = Path.Combine(_dir, "mixed.yaml");
        File.WriteAllText(file, $$"""
            name: mixed
            engines: [lsm]
            workloads:
              - { kind: ycsb, label: r, file: {{WorkloadA}}, recordcount: 100, operationcount: 100, layer: raft }
            value_sizes: [300]
            threads: [2]
            topology: { nodes: 3, replicas: 3, engines: { 2: memory, 3: btree } }
            """);
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var resultsDir = Path.Combine(_dir, "results");
        var results = new MatrixRunner(spec, EngineCatalog.Create(), resultsDir).Run(resume: false, CancellationToken.None);
        var cell = Assert.Single(results.Cells);
        Assert.True(cell.Succeeded, cell.Error);
        Assert.Equal("lsm+memory+btree", cell.EngineLabel);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "lsm", ["2"] = "memory", ["3"] = "btree" }, cell.NodeEngines);
        Assert.Equal("in-process 3 nodes, 3 replicas, raft_log separate, engines: node 1 lsm, node 2 memory, node 3 btree", cell.Topology);
        Assert.Equal(0, cell.Phases[1].Operations["READ"].NotFound);
        // The file on disk says the same (what `workbench report` reads back).
        var json = File.ReadAllText(Directory.EnumerateFiles(resultsDir, "results.json", SearchOption.AllDirectories).Single());
        using var doc = JsonDocument.Parse(json);
        var nodes = doc.RootElement.GetProperty("cells")[0].GetProperty("node_engines");
        Assert.Equal("btree", nodes.GetProperty("3").GetString());
    }
}
