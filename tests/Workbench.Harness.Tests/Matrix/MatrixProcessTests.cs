using System.Diagnostics;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>`workbench matrix` as a real process: killed mid-way, then resumed.</summary>
public sealed class MatrixProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-matrix-proc-" + Guid.NewGuid().ToString("N"));

    public MatrixProcessTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Killed_run_resumes_to_the_same_set_of_cells()
    {
        var file = Path.Combine(_dir, "m.yaml");
        // Enough cells that the process is still running when the first results appear.
        File.WriteAllText(file, MatrixRunnerTests.SmallMatrix("killme").Replace("repeat: 2", "repeat: 6", StringComparison.Ordinal));
        var run = Path.Combine(_dir, "results", "k");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "workbench.dll"), "matrix", file, "--results", Path.Combine(_dir, "results"), "--run-id", "k", "--no-progress", "--no-report" })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            // Wait on the condition (two finished cells on disk), not on time.
            while (!p.HasExited && DateTime.UtcNow < deadline && CellsOnDisk(run) < 2) p.WaitForExit(50);
            Assert.False(p.HasExited, "the matrix finished before it could be killed; make it larger");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var partial = ResultsStore.Load(run);
        Assert.InRange(partial.Cells.Count, 2, partial.PlannedCells.Count - 1);

        var (exit, _, err) = Cli.WorkbenchProcessTests.Run("matrix", "--resume", run, "--no-progress");
        Assert.True(exit == 0, err);
        var done = ResultsStore.Load(run);
        Assert.Equal(done.PlannedCells.Order(), done.Cells.Select(c => c.CellId).Order());
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.False(Directory.Exists(Path.Combine(run, "data")), "the killed cell's scratch data is removed by the resumed run");
    }

    [Fact]
    public async Task Sigterm_stops_like_ctrl_c_leaving_no_data_and_naming_run_sh()
    {
        var file = Path.Combine(_dir, "t.yaml");
        File.WriteAllText(file, MatrixRunnerTests.SmallMatrix("termme").Replace("repeat: 2", "repeat: 20", StringComparison.Ordinal));
        var run = Path.Combine(_dir, "results", "t");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "workbench.dll"), "matrix", file, "--results", Path.Combine(_dir, "results"), "--run-id", "t", "--no-progress", "--no-report" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!p.HasExited && DateTime.UtcNow < deadline && CellsOnDisk(run) < 1) p.WaitForExit(50);
        Assert.False(p.HasExited, "the matrix finished before it could be stopped; make it larger");
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the matrix did not stop on SIGTERM");
        var err = await stderr;
        Assert.Equal(143, p.ExitCode);
        Assert.Contains("./run.sh matrix --resume", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(run, "data")), "an interrupted run leaves no data folder");
        Assert.True(ResultsStore.Load(run).Cells.Count >= 1);
    }

    [Fact]
    public async Task A_matrix_kept_outside_the_repository_finds_workload_files_from_the_repository_root()
    {
        var file = Path.Combine(_dir, "elsewhere.yaml");
        File.WriteAllText(file, "name: elsewhere\nengines:\n  - { name: memory }\nworkloads:\n  - { kind: ycsb, label: a, file: workloads/ycsb/workloada, recordcount: 10, operationcount: 10 }\nvalue_sizes: [100]\n");
        // Run from a directory outside the repository, so neither the current directory nor the matrix's finds it.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "workbench.dll"), "matrix", file, "--validate-only" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.True(p.ExitCode == 0, await stderr);
        Assert.Contains("a/v100/t1/memory/r0", await stdout, StringComparison.Ordinal);
    }

    private static int CellsOnDisk(string run)
    {
        try
        {
            return File.Exists(Path.Combine(run, ResultsStore.FileName)) ? ResultsStore.Load(run).Cells.Count : 0;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
