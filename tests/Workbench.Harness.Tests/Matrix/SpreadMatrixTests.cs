using Workbench.Harness.Matrix;
using Workbench.Harness.Report;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>
/// A matrix spread over machines (issue 15 item 7): `matrix --list-cells` prints one runnable line per
/// cell, `--cell ID` runs exactly that cell into its own run directory, and `report DIR…` merges the
/// directories into one report equal in cells to a run of the whole matrix.
/// </summary>
public sealed class SpreadMatrixTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-spread-" + Guid.NewGuid().ToString("N"));

    public SpreadMatrixTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Matrix()
    {
        var file = Path.Combine(_dir, "spread.yaml");
        File.WriteAllText(file, $"name: spread\nengines:\n  - {{ name: memory }}\n  - {{ name: memory, label: durable, options: {{ durable: true }} }}\n" +
                                "workloads:\n  - { kind: bench, label: fill, benchmarks: [fillrandom], num: 300 }\nvalue_sizes: [100, 400]\n");
        return file;
    }

    [Fact]
    public void List_cells_prints_each_cell_with_the_command_that_runs_it_alone()
    {
        var file = Matrix();
        var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("matrix", file, "--list-cells", "--results", "out dir");
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["fill/v100/t1/memory/r0", "fill/v100/t1/durable/r0", "fill/v400/t1/memory/r0", "fill/v400/t1/durable/r0"], lines.Select(l => l.Split('\t')[0]));
        Assert.All(lines, l => Assert.Equal($"./run.sh matrix {file} --cell {l.Split('\t')[0]} --results 'out dir'", l.Split('\t')[1]));
    }

    [Fact]
    public void Cells_run_apart_merge_into_one_report()
    {
        var file = Matrix();
        var results = Path.Combine(_dir, "results");
        var dirs = new List<string>();
        foreach (var id in new[] { "fill/v100/t1/memory/r0", "fill/v400/t1/durable/r0" })
        {
            var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("matrix", file, "--cell", id, "--results", results, "--no-progress", "--no-report");
            Assert.True(exit == 0, stderr + stdout);
            var dir = Path.Combine(results, CellCommand.RunId("spread", id));
            var one = ResultsStore.Load(dir);
            Assert.Equal([id], one.PlannedCells);
            Assert.Equal(id, Assert.Single(one.Cells).CellId);
            dirs.Add(dir);
        }
        var (bad, _, badErr) = Cli.WorkbenchProcessTests.Run("matrix", file, "--cell", "fill/v999/t1/memory/r0", "--results", results);
        Assert.Equal(2, bad);
        Assert.Contains("has no cell 'fill/v999/t1/memory/r0'", badErr, StringComparison.Ordinal);

        var merged = Path.Combine(_dir, "merged");
        var (mexit, mout, merr) = Cli.WorkbenchProcessTests.Run(["report", .. dirs, "--out", merged]);
        Assert.True(mexit == 0, merr);
        Assert.Contains("merged 2 cells of 2 run directories", mout, StringComparison.Ordinal);
        var all = ResultsStore.Load(merged);
        Assert.Equal(["fill/v100/t1/memory/r0", "fill/v400/t1/durable/r0"], all.Cells.Select(c => c.CellId));
        Assert.Contains(dirs[1], all.Machine["merged_from"], StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(merged, ReportWriter.HtmlName));
        Assert.Contains("fill/v400/t1/durable/r0", html, StringComparison.Ordinal);
        // The sources are untouched: no report was written into them.
        Assert.All(dirs, d => Assert.False(File.Exists(Path.Combine(d, ReportWriter.HtmlName))));
        var (same, _, sameErr) = Cli.WorkbenchProcessTests.Run(["report", dirs[0], dirs[1], "--out", dirs[0]]);
        Assert.Equal(2, same);
        Assert.Contains("is one of the directories being merged", sameErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_keeps_the_last_ok_result_of_a_cell_and_the_union_of_planned_cells()
    {
        static CellResult Cell(string id, string status, double seconds) => new()
        {
            CellId = id, Status = status, Engine = "memory", EngineLabel = "memory", Workload = "w", WorkloadKind = "bench", Seconds = seconds,
        };
        var a = new RunResults { RunId = "a", Matrix = "m", Baseline = "memory", PlannedCells = ["x", "y"], Cells = [Cell("x", "ok", 1), Cell("y", "failed", 2)] };
        var b = new RunResults { RunId = "b", Matrix = "m", Baseline = "memory", PlannedCells = ["y", "z"], Cells = [Cell("x", "failed", 3), Cell("y", "ok", 4), Cell("z", "ok", 5)] };
        var m = RunMerge.Merge([("A", a), ("B", b)], "merged");
        Assert.Equal(["x", "y", "z"], m.PlannedCells);
        Assert.Equal([1.0, 4.0, 5.0], m.Cells.Select(c => c.Seconds));
        Assert.Equal("m", m.Matrix);
        Assert.Equal("A, B", m.Machine["merged_from"]);
    }
}
