using System.Globalization;
using Workbench.Harness.Results;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Runs every cell of a validated matrix in order, saving results/&lt;run-id&gt;/results.json after each
/// cell (so an interrupted run keeps what finished). With resume, cells already recorded as ok are
/// skipped and failed ones run again; the matrix is the copy saved in the run directory, so a resumed
/// run has the same set of cells. Not thread-safe; the progress properties may be polled from another thread.
/// </summary>
internal sealed class MatrixRunner
{
    public const string MatrixCopyName = "matrix.yaml";

    private readonly MatrixSpec _spec;
    private readonly string _runDirectory;
    private readonly CellExecutor _executor;
    private volatile string _currentCell = "";
    private int _finished;
    private int _total;

    public MatrixRunner(MatrixSpec spec, EngineRegistry registry, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(registry);
        _spec = spec;
        _runDirectory = runDirectory;
        _executor = new CellExecutor(registry, Path.Combine(runDirectory, "data")) { Topology = spec.Topology };
    }

    public string CurrentCell => _currentCell;
    public int FinishedCells => Volatile.Read(ref _finished);
    public int TotalCells => Volatile.Read(ref _total);
    public BenchProgress? CellProgress => _executor.Progress;

    /// <summary>
    /// When set (`matrix --cell ID`), only these cells are planned and run: the run directory then holds a
    /// slice of the matrix, and `workbench report DIR…` merges slices run apart into one report.
    /// </summary>
    public IReadOnlySet<string>? OnlyCells { get; init; }

    /// <summary>Called after each cell is saved (for printing a line per cell).</summary>
    public event Action<CellResult>? CellFinished;

    public static string NewRunId(string matrixName, DateTime utc) =>
        string.Create(CultureInfo.InvariantCulture, $"{utc:yyyyMMdd-HHmmss}-{Sanitize(matrixName)}");

    public RunResults Run(bool resume, CancellationToken cancel)
    {
        var cells = _spec.Cells();
        if (OnlyCells is { } only) cells = cells.Where(c => only.Contains(c.Id)).ToList();
        RunResults results;
        var resultsPath = Path.Combine(_runDirectory, ResultsStore.FileName);
        if (resume && File.Exists(resultsPath))
        {
            var old = ResultsStore.Load(_runDirectory);
            results = new RunResults
            {
                RunId = old.RunId,
                Matrix = old.Matrix,
                MatrixFile = old.MatrixFile,
                Baseline = _spec.Baseline,
                Layer = old.Layer,
                Repeat = _spec.Repeat,
                CreatedUtc = old.CreatedUtc,
                Machine = old.Machine,
                PlannedCells = cells.Select(c => c.Id).ToList(),
                // Failed cells are dropped and run again.
                Cells = old.Cells.Where(c => c.Succeeded).ToList(),
            };
        }
        else
        {
            if (File.Exists(resultsPath))
                throw new InvalidOperationException($"{resultsPath} exists: resume it with --resume {_runDirectory}, or choose another run id");
            results = new RunResults
            {
                RunId = Path.GetFileName(Path.TrimEndingDirectorySeparator(_runDirectory)),
                Matrix = _spec.Name,
                MatrixFile = _spec.SourcePath,
                Baseline = _spec.Baseline,
                Layer = _spec.Layer.ToString().ToLowerInvariant(),
                Repeat = _spec.Repeat,
                CreatedUtc = DateTime.UtcNow,
                // Reproducibility (commit, CPU, memory, disk and file system of the data directory, kernel, .NET, command line).
                Machine = RunEnvironment.Capture(_runDirectory),
                PlannedCells = cells.Select(c => c.Id).ToList(),
            };
            Directory.CreateDirectory(_runDirectory);
            var copy = Path.Combine(_runDirectory, MatrixCopyName);
            if (!string.Equals(Path.GetFullPath(_spec.SourcePath), Path.GetFullPath(copy), StringComparison.Ordinal))
                File.Copy(_spec.SourcePath, copy, overwrite: true);
        }
        ResultsStore.Save(_runDirectory, results);

        var done = results.Cells.Select(c => c.CellId).ToHashSet(StringComparer.Ordinal);
        Volatile.Write(ref _total, cells.Count);
        Volatile.Write(ref _finished, done.Count);
        // data/ holds only the scratch directories of running cells: whatever is left there now is from a
        // run killed without a chance to clean up (SIGKILL), never a result.
        DeleteLeftoverData();
        try
        {
            foreach (var cell in cells)
            {
                if (done.Contains(cell.Id)) continue;
                cancel.ThrowIfCancellationRequested();
                _currentCell = cell.Id;
                var result = _executor.Run(cell, results.Layer, cancel);
                cancel.ThrowIfCancellationRequested();
                results.Cells.Add(result);
                ResultsStore.Save(_runDirectory, results);
                Interlocked.Increment(ref _finished);
                CellFinished?.Invoke(result);
            }
        }
        finally
        {
            // Also when interrupted: the executor has removed the cancelled cell's directory by now.
            _currentCell = "";
            TryDeleteDataRoot();
        }
        return results;
    }

    private void DeleteLeftoverData()
    {
        var data = Path.Combine(_runDirectory, "data");
        // A tcp cell's processes left by a kill -9 go first (their files are in there).
        TcpClusterCells.StopLeftovers(data);
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }

    private void TryDeleteDataRoot()
    {
        var data = Path.Combine(_runDirectory, "data");
        try
        {
            if (Directory.Exists(data) && !Directory.EnumerateFileSystemEntries(data).Any()) Directory.Delete(data);
        }
        catch (IOException)
        {
            // Only tidiness.
        }
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '_')) chars[i] = '-';
        return new string(chars);
    }
}
