using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;

namespace Workbench.Harness.Tests.Matrix;

public class MatrixLoaderTests
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");

    private static MatrixSpec Load(string yaml) => new MatrixLoader(EngineCatalog.Create()).Load(yaml, "/tmp/test-matrix.yaml");

    private static MatrixValidationException Invalid(string yaml) => Assert.Throws<MatrixValidationException>(() => Load(yaml));

    private static string Valid(string extra = "", string engines = "  - { name: memory }\n", string layer = "") =>
        $"name: t\nengines:\n{engines}workloads:\n  - {{ kind: ycsb, file: {WorkloadA}, recordcount: 100, operationcount: 100 }}\n  - {{ kind: bench, benchmarks: [fillrandom, overwrite], num: 100 }}\nvalue_sizes: [256, 8192]\n{layer}{extra}";

    [Theory]
    [InlineData("default.yaml")]
    [InlineData("titan-comparison.yaml")]
    [InlineData("long-gc-compaction.yaml")]
    [InlineData("titan-overwrite.yaml")]
    [InlineData("raft-log-placement.yaml")]
    [InlineData("titan-in-tidb.yaml")]
    public void Shipped_matrices_are_valid(string file)
    {
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(RepoPaths.Matrix(file));
        var cells = spec.Cells();
        Assert.NotEmpty(cells);
        Assert.Equal(cells.Count, cells.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Default_matrix_tells_the_end_to_end_story_sql_on_three_replicas_plus_the_layers_below()
    {
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(RepoPaths.Matrix("default.yaml"));
        Assert.Equal(MatrixLayer.Sql, spec.Layer);
        Assert.Equal(new MatrixTopology(3, 3, "in-process"), spec.Topology);
        Assert.Equal(["rocksdb", "titan", "lsm", "btree"], spec.Engines.Select(e => e.Label));
        Assert.Equal(new[] { 256, 16384 }, spec.ValueSizes);
        Assert.Contains(spec.Workloads, w => w.Sysbench is { Test: "oltp_read_write" });
        // YCSB-A at every layer, so the layer-tax chart has engine → raft → txn → sql.
        var a = spec.Workloads.Where(w => w.File?.EndsWith("workloada", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(new MatrixLayer?[] { null, MatrixLayer.Txn, MatrixLayer.Raft, MatrixLayer.Engine }, a.Select(w => w.Layer));
        Assert.Single(a.Select(w => (w.RecordCount, w.OperationCount)).Distinct());
    }

    [Fact]
    public void Data_bytes_chooses_the_key_count_per_value_size()
    {
        var spec = Load($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: bench, benchmarks: [fillrandom], data_bytes: 1MB, key_size: 16 }}\nvalue_sizes: [1008, 16368]\n");
        var w = Assert.Single(spec.Workloads);
        Assert.Equal(1L << 20, w.DataBytes);
        Assert.Equal(1024, w.NumFor(1008));
        Assert.Equal(64, w.NumFor(16368));
        Assert.Equal(1, w.NumFor(4 << 20));
    }

    [Fact]
    public void Ycsb_data_bytes_and_operation_bytes_choose_the_counts_per_value_size()
    {
        var spec = Load($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, data_bytes: 1MiB, operation_bytes: 2MiB }}\nvalue_sizes: [1024, 32768]\n");
        var w = Assert.Single(spec.Workloads);
        Assert.Equal(1024, w.RecordCountFor(1024));
        Assert.Equal(32, w.RecordCountFor(32768));
        Assert.Equal(64, w.OperationCountFor(32768));
        Assert.Equal(1, w.RecordCountFor(4 << 20));
        var cell = spec.Cells().Single(c => c.ValueSize == 32768);
        var settings = CellExecutor.YcsbSettings(cell);
        Assert.Equal(32, settings.RecordCount);
        Assert.Equal(64, settings.OperationCount);
        // Without them the workload's own counts hold at every value size.
        var fixedCounts = Assert.Single(Load(Valid()).Workloads, x => x.Kind == WorkloadKind.Ycsb);
        Assert.Equal(100, fixedCounts.RecordCountFor(8192));
        Assert.Equal(100, fixedCounts.OperationCountFor(8192));
    }

    [Fact]
    public void Ycsb_byte_counts_beside_the_record_counts_they_replace_are_rejected_by_name()
    {
        var e = Invalid($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, recordcount: 10, data_bytes: 1MiB, operationcount: 5, operation_bytes: 1MiB }}\nvalue_sizes: [100]\n");
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].recordcount" && x.Message.Contains("data_bytes", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].operationcount" && x.Message.Contains("operation_bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Compression_ratio_and_key_size_are_checked_by_name()
    {
        var ok = Load($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: bench, benchmarks: [fillrandom], compression_ratio: 0.5 }}\nvalue_sizes: [100]\n");
        Assert.Equal(0.5, Assert.Single(ok.Workloads).CompressionRatio);
        var e = Invalid($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: bench, benchmarks: [fillrandom], compression_ratio: 2, key_size: 4294967312 }}\nvalue_sizes: [100]\n");
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].compression_ratio");
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].key_size");
    }

    [Fact]
    public void Data_bytes_and_num_together_are_rejected_by_name()
    {
        var e = Invalid($"name: t\nengines:\n  - {{ name: memory }}\nworkloads:\n  - {{ kind: bench, benchmarks: [fillrandom], num: 10, data_bytes: 1MB }}\nvalue_sizes: [100]\n");
        var err = Assert.Single(e.Errors);
        Assert.Equal("workloads[0].num", err.Key);
        Assert.Contains("data_bytes", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_product_with_the_same_seed_per_repeat()
    {
        var spec = Load(Valid("threads: [1, 2]\nrepeat: 2\nseed: 100\n", engines: "  - { name: memory }\n  - { name: memory, label: durable, options: { durable: true } }\n"));
        var cells = spec.Cells();
        Assert.Equal(2 * 2 * 2 * 2 * 2, cells.Count);
        foreach (var group in cells.GroupBy(c => c.Repeat))
            Assert.Single(group.Select(c => c.Seed).Distinct());
        Assert.Equal(new[] { 100, 101 }, cells.Select(c => c.Seed).Distinct().Order());
        Assert.Equal("memory", spec.Baseline);
    }

    [Fact]
    public void Unknown_top_level_key_is_named_with_its_line()
    {
        var e = Invalid(Valid("valu_sizes: [1]\n"));
        var err = Assert.Single(e.Errors);
        Assert.Equal("valu_sizes", err.Key);
        Assert.Equal(8, err.Line);
        Assert.Contains("unknown key", err.Message, StringComparison.Ordinal);
        Assert.Contains("test-matrix.yaml:8:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_inside_an_engine_is_named_with_its_path()
    {
        var e = Invalid(Valid(engines: "  - { name: memory, optons: { durable: true } }\n"));
        var err = Assert.Single(e.Errors);
        Assert.Equal("engines[0].optons", err.Key);
        Assert.Equal(3, err.Line);
    }

    [Fact]
    public void Unknown_engine_is_an_error_naming_the_engine_and_line()
    {
        var e = Invalid(Valid(engines: "  - { name: memory }\n  - { name: nosuchdb }\n"));
        var err = Assert.Single(e.Errors);
        Assert.Equal("engines[1].name", err.Key);
        Assert.Equal(4, err.Line);
        Assert.Contains("nosuchdb", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_engine_option_is_an_error_naming_the_option()
    {
        var e = Invalid(Valid(engines: "  - { name: memory, options: { durabel: true } }\n"));
        var err = Assert.Single(e.Errors);
        Assert.Equal("engines[0].options", err.Key);
        Assert.Contains("durabel", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_workload_file_is_an_error_naming_key_and_line()
    {
        var yaml = "name: t\nengines: [memory]\nworkloads:\n  - { kind: ycsb, file: workloads/ycsb/nosuchworkload }\nvalue_sizes: [100]\n";
        var err = Assert.Single(Invalid(yaml).Errors);
        Assert.Equal("workloads[0].file", err.Key);
        Assert.Equal(4, err.Line);
        Assert.Contains("nosuchworkload", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_raft_needs_a_topology()
    {
        var err = Assert.Single(Invalid($"name: t\nengines: [memory]\nlayer: raft\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA} }}\nvalue_sizes: [100]\n").Errors);
        Assert.Equal("topology", err.Key);
        Assert.Contains("needs a cluster", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workloads_choose_their_own_layer_and_raft_log_so_layers_run_side_by_side()
    {
        var file = Path.Combine(Path.GetTempPath(), "workbench-clusterlayers-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            File.WriteAllText(file, """
                name: t
                engines: [memory]
                workloads:
                  - { kind: ycsb, label: e, file: workloads/ycsb/workloada, layer: engine }
                  - { kind: ycsb, label: r, file: workloads/ycsb/workloada, layer: raft, raft_log: engine }
                  - { kind: ycsb, label: t, file: workloads/ycsb/workloada, layer: txn }
                value_sizes: [100]
                topology: { nodes: 3, replicas: 3, transport: in-process, raft_log: separate }
                """);
            var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
            Assert.Equal([MatrixLayer.Engine, MatrixLayer.Raft, MatrixLayer.Txn], spec.Workloads.Select(w => w.Layer!.Value).ToArray());
            Assert.True(spec.Workloads[1].RaftLogInEngine);
            Assert.False(spec.Topology!.RaftLogInEngine);
        }
        finally
        {
            File.Delete(file);
        }
        var err = Assert.Single(Invalid("name: t\nengines: [memory]\nworkloads:\n  - { kind: ycsb, file: workloads/ycsb/workloada, layer: raft, raft_log: sideways }\nvalue_sizes: [100]\ntopology: { nodes: 3, replicas: 3 }\n").Errors);
        Assert.Equal("workloads[0].raft_log", err.Key);
        Assert.Equal(4, err.Line);
    }

    [Fact]
    public void Layer_txn_loads_with_one_node_and_rejects_replication_and_benchmarks_it_cannot_run()
    {
        var file = Path.Combine(Path.GetTempPath(), "workbench-txnlayer-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            File.WriteAllText(file, Valid(layer: "layer: txn\ntopology: { nodes: 1, replicas: 1 }\n"));
            Assert.Equal(MatrixLayer.Txn, new MatrixLoader(EngineCatalog.Create()).LoadFile(file).Layer);
        }
        finally
        {
            File.Delete(file);
        }
        // Three nodes: the replicated cluster (ClusterCells); one node with three replicas cannot be.
        var err = Assert.Single(Invalid(Valid(layer: "layer: txn\ntopology: { nodes: 1, replicas: 3 }\n")).Errors);
        Assert.Equal("topology.replicas", err.Key);
        Assert.Equal(9, err.Line);
        var yaml = "name: t\nengines: [memory]\nlayer: txn\nworkloads:\n  - { kind: bench, benchmarks: [fillrandom, readseq] }\nvalue_sizes: [100]\n";
        err = Assert.Single(Invalid(yaml).Errors);
        Assert.Equal("workloads[0].benchmarks", err.Key);
        Assert.Equal(5, err.Line);
        Assert.Contains("'readseq' cannot run at layer 'txn'", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_layer_is_named_with_its_line()
    {
        var err = Assert.Single(Invalid(Valid(layer: "layer: percolator\n")).Errors);
        Assert.Equal("layer", err.Key);
        Assert.Equal(8, err.Line);
        Assert.Contains("unknown layer 'percolator'", err.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Topology_at_layer_engine_is_an_impossible_combination()
    {
        var err = Assert.Single(Invalid(Valid("topology: { nodes: 3, replicas: 3, transport: in-process }\n")).Errors);
        Assert.Equal("topology", err.Key);
    }

    [Fact]
    public void Bad_values_and_unknown_benchmarks_are_all_reported_together()
    {
        var yaml = "name: t\nengines: [memory]\nworkloads:\n  - { kind: bench, benchmarks: [fillrandom, fillbogus] }\n  - { kind: mystery }\nvalue_sizes: [256, abc]\nrepeat: 0\n";
        var e = Invalid(yaml);
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].benchmarks" && x.Message.Contains("fillbogus", StringComparison.Ordinal) && x.Line == 4);
        Assert.Contains(e.Errors, x => x.Key == "workloads[1].kind" && x.Line == 5);
        Assert.Contains(e.Errors, x => x.Key == "value_sizes" && x.Line == 6 && x.Message.Contains("abc", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "repeat" && x.Line == 7);
    }

    [Fact]
    public void Missing_required_keys_are_named()
    {
        var e = Invalid("name: t\nvalue_sizes: [1]\n");
        Assert.Contains(e.Errors, x => x.Key == "engines");
        Assert.Contains(e.Errors, x => x.Key == "workloads");
    }

    [Fact]
    public void Unknown_ycsb_property_is_named()
    {
        var yaml = $"name: t\nengines: [memory]\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, properties: {{ readproportoin: 1 }} }}\nvalue_sizes: [100]\n";
        var err = Assert.Single(Invalid(yaml).Errors);
        Assert.Contains("readproportoin", err.Message, StringComparison.Ordinal);
        Assert.Equal(4, err.Line);
    }

    [Fact]
    public void Value_size_too_small_for_the_ycsb_fields_is_rejected()
    {
        var yaml = $"name: t\nengines: [memory]\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA} }}\nvalue_sizes: [16, 256]\n";
        var err = Assert.Single(Invalid(yaml).Errors);
        Assert.Equal("value_sizes", err.Key);
        Assert.Contains("16 bytes", err.Message, StringComparison.Ordinal);
        var ok = $"name: t\nengines: [memory]\nworkloads:\n  - {{ kind: ycsb, file: {WorkloadA}, properties: {{ fieldcount: 1 }} }}\nvalue_sizes: [16]\n";
        Assert.Single(Load(ok).Cells());
    }

    [Fact]
    public void Baseline_must_be_an_engine_label()
    {
        var err = Assert.Single(Invalid(Valid("baseline: lsm\n")).Errors);
        Assert.Equal("baseline", err.Key);
    }

    [Fact]
    public void Duplicate_engine_labels_are_rejected()
    {
        var err = Assert.Single(Invalid(Valid(engines: "  - { name: memory }\n  - { name: memory }\n")).Errors);
        Assert.Equal("engines[1].label", err.Key);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_the_line()
    {
        var e = Invalid("name: t\nengines: [memory\nworkloads: []\n");
        Assert.Equal("yaml", e.Errors[0].Key);
        Assert.True(e.Errors[0].Line >= 2);
    }
}
