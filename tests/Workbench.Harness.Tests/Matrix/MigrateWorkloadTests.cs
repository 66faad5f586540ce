using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;
using Workbench.Harness.Report;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>The matrix's migrate workload kind: validation by key and line, the shipped matrix, and its report chart.</summary>
public class MigrateWorkloadTests
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");

    private static MatrixSpec Load(string yaml) => new MatrixLoader(EngineCatalog.Create()).Load(yaml, "/tmp/test-matrix.yaml");

    [Fact]
    public void The_shipped_migrate_matrix_moves_rocksdb_to_titan_under_ycsb_a()
    {
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(RepoPaths.Matrix("migrate.yaml"));
        var w = Assert.Single(spec.Workloads);
        Assert.Equal(WorkloadKind.Migrate, w.Kind);
        Assert.Equal("rocksdb", w.Migrate!.From.Name);
        Assert.Equal("titan", w.Migrate.To.Name);
        Assert.EndsWith("workloada", w.File, StringComparison.Ordinal);
        Assert.Equal(3, w.Migrate.Nodes);
        Assert.Single(spec.Cells());
    }

    [Fact]
    public void A_migrate_workload_is_validated_by_key_and_line()
    {
        var e = Assert.Throws<MatrixValidationException>(() => Load($"""
            name: t
            workloads:
              - kind: migrate
                to: {"{"} name: nosuch {"}"}
                nodes: 2
                workload: {WorkloadA}
                colour: red
            value_sizes: [1024]
            """));
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].from" && x.Message.Contains("required", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].to" && x.Line == 4 && x.Message.Contains("nosuch", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].nodes" && x.Line == 5);
        Assert.Contains(e.Errors, x => x.Key == "workloads[0].colour");
    }

    [Fact]
    public void A_migrate_matrix_takes_no_engines_axis_and_no_other_kinds()
    {
        var e = Assert.Throws<MatrixValidationException>(() => Load($"""
            name: t
            engines: [memory]
            workloads:
              - {"{"} kind: migrate, from: memory, to: lsm, workload: {WorkloadA} {"}"}
              - {"{"} kind: ycsb, file: {WorkloadA} {"}"}
            value_sizes: [1024]
            """));
        Assert.Contains(e.Errors, x => x.Key == "workloads" && x.Message.Contains("cannot share", StringComparison.Ordinal));
    }

    [Fact]
    public void The_report_charts_throughput_and_p99_across_the_move_with_the_steps_marked()
    {
        var cell = new CellResult
        {
            CellId = "migrate/v1024/t8/cluster/r0",
            Engine = "rocksdb->titan",
            EngineLabel = "rocksdb→titan",
            Workload = "migrate",
            WorkloadKind = "migrate",
            ValueSize = 1024,
            Threads = 8,
            Phases =
            [
                new PhaseResult { Phase = "before", Ops = 4000, Seconds = 2, OpsPerSec = 2000, LatencyMicros = new() { ["p99"] = 9000 } },
                new PhaseResult { Phase = "during", Ops = 1000, Seconds = 1, OpsPerSec = 1000, LatencyMicros = new() { ["p99"] = 70000 } },
                new PhaseResult { Phase = "after", Ops = 3000, Seconds = 2, OpsPerSec = 1500, LatencyMicros = new() { ["p99"] = 20000 } },
            ],
            Migration = new MigrationResult
            {
                From = "rocksdb",
                To = "titan",
                Nodes = 3,
                Events = [new("3 titan nodes added", 2.0), new("3 rocksdb nodes set Offline", 2.0), new("rocksdb nodes drained and stopped", 3.0)],
                OpsPerSecond = [2000, 2000, 1000, 1500, 1500],
                AvgLatencyMicros = [1000, 1000, 5000, 2000, 2000],
                P99LatencyMicros = [9000, 9000, 70000, 20000, 20000],
                ErrorsPerSecond = [0, 0, 0, 0, 0],
                DrainSeconds = 1.0,
                SnapshotBytes = 3 << 20,
                Operators = 12,
                Regions = 4,
            },
        };
        var charts = MigrationCharts.Build(new RunResults { RunId = "r", Matrix = "m", Baseline = "cluster", Cells = [cell] });
        Assert.Equal(2, charts.Count);
        Assert.All(charts, c => Assert.Equal(MigrationCharts.Section, c.Section));
        Assert.Contains("rocksdb nodes drained and stopped (3 s)", charts[0].Svg, StringComparison.Ordinal);
        Assert.Contains("operations completed in the second (ops/s)", charts[0].Svg, StringComparison.Ordinal);
        Assert.Contains("p99 latency of the second", charts[1].Svg, StringComparison.Ordinal);
        Assert.Contains("before 2,000 ops/s, during the move 1,000 ops/s, after 1,500 ops/s", charts[0].Caption, StringComparison.Ordinal);
        Assert.Contains("drained in 1.0 s", charts[0].Caption, StringComparison.Ordinal);
        Assert.Contains("3.0 MiB of snapshot files", charts[0].Caption, StringComparison.Ordinal);
    }
}
