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
