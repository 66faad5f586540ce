using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Harness.Report;
using Workbench.Harness.Results;

namespace Workbench.Harness.Matrix;

/// <summary>`workbench matrix FILE.yaml`: validate, run every cell with progress, record results as they finish, write the report.</summary>
internal sealed class MatrixVerb : IVerb
{
    public string Name => "matrix";
    public string Summary => "run a workload matrix (YAML) and write results.json + an HTML/SVG report";

    public string Help => """
        usage: workbench matrix FILE.yaml [--results DIR] [--run-id ID] [--validate-only] [--no-progress] [--no-report]
               workbench matrix FILE.yaml --list-cells
               workbench matrix FILE.yaml --cell ID [--results DIR] [--run-id ID]
               workbench matrix --resume results/<run-id> [--no-progress] [--no-report]

        Expands the cross product engines × workloads × value_sizes × threads × repeat of the matrix
        (DESIGN.md §6; see docs/matrix.md), validates all of it before running (unknown keys, missing
        files, unknown engines or options, layers not available yet → an error naming key and line),
        runs each cell on a fresh data directory with the same seed per repeat, and saves
        results/<run-id>/results.json after every cell. Ctrl-C or a kill (SIGTERM) keeps the finished cells
        and removes the unfinished cell's data;
        --resume runs the cells that are missing (or failed), from the matrix copy in the run directory.
        At the end, writes report.html, report.md and charts/*.svg (re-render with `workbench report`).

          --results DIR      parent directory of run directories (default: results)
          --run-id ID        name of the run directory (default: <UTC date>-<time>-<matrix name>)
          --resume DIR       continue an interrupted run
          --validate-only    check the matrix, print its cells, run nothing
          --list-cells       print one line per cell: its id, a tab, and the exact command that runs it
                             alone (into its own run directory), for a scheduler you already run
                             (GNU parallel over ssh, a Slurm array job); merge with `workbench report DIR…`
          --cell ID          run only the cell ID (repeatable) into the run directory; the default run id
                             is <matrix name>-<cell id with / as _>, so cells run apart never collide
          --no-progress      plain lines instead of live progress bars
          --no-report        skip writing the report

        """;

    public int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var p = new ArgParser().Option("results").Option("run-id").Option("resume").Flag("validate-only").Flag("no-progress").Flag("no-report")
            .Flag("list-cells").Option("cell").Parse(args);
        var resumeDir = p.Get("resume");
        string file;
        if (resumeDir is not null)
        {
            if (p.Positionals.Count > 0) throw new UsageException("--resume takes the matrix from the run directory; give no matrix file");
            file = Path.Combine(resumeDir, MatrixRunner.MatrixCopyName);
            if (!File.Exists(file)) throw new UsageException($"'{resumeDir}' is not a run directory (no {MatrixRunner.MatrixCopyName} in it)");
        }
        else
        {
            if (p.Positionals.Count != 1) throw new UsageException("give one matrix file, e.g. workbench matrix harness/matrices/default.yaml");
            file = p.Positionals[0];
        }

        var registry = EngineCatalog.Create();
        MatrixSpec spec;
        try
        {
            spec = new MatrixLoader(registry).LoadFile(file);
        }
        catch (MatrixValidationException e)
        {
            Console.Error.WriteLine($"workbench matrix: {e.Message}");
            return 2;
        }
        var cells = spec.Cells();
        if (p.Has("list-cells"))
        {
            if (resumeDir is not null) throw new UsageException("--list-cells lists the cells of a matrix file; give the file, not --resume");
            foreach (var c in cells) Console.WriteLine(c.Id + "\t" + CellCommand.For(file, c.Id, p.Get("results")));
            return 0;
        }
        var only = p.GetAll("cell").ToList();
        foreach (var id in only)
            if (!cells.Any(c => c.Id == id))
                throw new UsageException($"matrix '{spec.Name}' has no cell '{id}'; its cells: `workbench matrix {file} --list-cells`");
        // Without the sysbench binary its cells cannot run: say so once and run the others, rather than fail each cell.
        var sysbenchCells = cells.Where(c => c.Workload.Kind == WorkloadKind.Sysbench && (only.Count == 0 || only.Contains(c.Id))).ToList();
        if (sysbenchCells.Count > 0 && !p.Has("validate-only") && Sysbench.SysbenchProcess.FindBinary() is null)
        {
            Console.WriteLine($"matrix: sysbench is not installed (Debian package sysbench; ./run.sh installs it): skipping its {sysbenchCells.Count} cell(s)");
            only = (only.Count > 0 ? cells.Where(c => only.Contains(c.Id)) : cells).Where(c => c.Workload.Kind != WorkloadKind.Sysbench).Select(c => c.Id).ToList();
            if (only.Count == 0)
            {
                Console.Error.WriteLine("workbench matrix: every cell of this run is a sysbench cell; nothing to run without sysbench");
                return 1;
            }
        }
        Console.WriteLine($"matrix '{spec.Name}': {spec.Engines.Count} engine(s) × {spec.Workloads.Count} workload(s) × {spec.ValueSizes.Count} value size(s) × {spec.Threads.Count} thread count(s) × {spec.Repeat} repeat(s) = {cells.Count} cells; baseline {spec.Baseline}");
        if (p.Has("validate-only"))
        {
            foreach (var c in cells) Console.WriteLine("  " + c.Id);
            return 0;
        }

        var defaultRunId = p.GetAll("cell").Count == 1 ? CellCommand.RunId(spec.Name, only[0]) : MatrixRunner.NewRunId(spec.Name, DateTime.UtcNow);
        var runDir = resumeDir ?? Path.Combine(p.Get("results", "results"), p.Get("run-id") ?? defaultRunId);
        var runner = new MatrixRunner(spec, registry, runDir) { OnlyCells = only.Count > 0 ? only.ToHashSet(StringComparer.Ordinal) : null };
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // `kill` (SIGTERM) stops the run like Ctrl-C: the running cell is cancelled and its data directory removed.
        var terminated = false;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            terminated = true;
            cancel.Cancel();
        });
        try
        {
            var showProgress = !p.Has("no-progress") && !Console.IsOutputRedirected;
            var results = showProgress ? RunWithProgress(runner, resumeDir is not null, cancel.Token) : RunPlain(runner, resumeDir is not null, cancel.Token);
            var failed = results.Cells.Count(c => !c.Succeeded);
            Console.Write(ExplainedShares.Format(results.Cells));
            Console.WriteLine($"results: {Path.Combine(runDir, ResultsStore.FileName)} ({results.Cells.Count} cells, {failed} failed)");
            if (!p.Has("no-report"))
            {
                var html = ReportWriter.Write(runDir);
                Console.WriteLine($"report:  {html}");
                Console.WriteLine($"         {Path.Combine(runDir, ReportWriter.MarkdownName)}, {Path.Combine(runDir, ReportWriter.ChartsDirectory)}/*.svg");
            }
            return failed == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"workbench matrix: interrupted; finished cells are in {Path.Combine(runDir, ResultsStore.FileName)}");
            Console.Error.WriteLine($"continue with: ./run.sh matrix --resume {runDir}   (or: workbench matrix --resume {runDir})");
            return terminated ? 143 : 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void PrintCell(CellResult c)
    {
        var ic = CultureInfo.InvariantCulture;
        var phases = string.Join("; ", c.Phases.Select(ph => string.Create(ic, $"{ph.Phase} {ph.OpsPerSec:F0} ops/s p99 {ph.LatencyMicros.GetValueOrDefault("p99"):F1} µs{(ph.WriteAmp is { } wa ? $" WA {wa:F2}" : "")}{(ph.ExplainedShare is { } x ? $" explained {x:P0}" : "")}")));
        Console.WriteLine(c.Succeeded ? string.Create(ic, $"  done  {c.CellId} ({c.Seconds:F1} s): {phases}") : $"  FAILED {c.CellId}: {c.Error}");
    }

    private static RunResults RunPlain(MatrixRunner runner, bool resume, CancellationToken cancel)
    {
        runner.CellFinished += PrintCell;
        return runner.Run(resume, cancel);
    }

    private static RunResults RunWithProgress(MatrixRunner runner, bool resume, CancellationToken cancel)
    {
        RunResults? results = null;
        Exception? failure = null;
        var finished = new List<CellResult>();
        runner.CellFinished += c =>
        {
            lock (finished) finished.Add(c);
        };
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var overall = ctx.AddTask("matrix");
                var cellTask = ctx.AddTask("cell");
                var worker = new Thread(() =>
                {
                    try
                    {
                        results = runner.Run(resume, cancel);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                }) { IsBackground = true, Name = "matrix-runner" };
                worker.Start();
                // The live display is driven from this thread only; the runner's counters are polled.
                while (!worker.Join(250))
                {
                    overall.MaxValue = Math.Max(1, runner.TotalCells);
                    overall.Value = runner.FinishedCells;
                    overall.Description = Markup.Escape($"matrix [{runner.FinishedCells}/{runner.TotalCells} cells]");
                    var pr = runner.CellProgress;
                    cellTask.Description = Markup.Escape($"{runner.CurrentCell} {pr?.Current}");
                    cellTask.MaxValue = Math.Max(1, pr?.Total ?? 1);
                    cellTask.Value = Math.Min(cellTask.MaxValue, pr?.Completed ?? 0);
                }
                overall.MaxValue = Math.Max(1, runner.TotalCells);
                overall.Value = runner.FinishedCells;
                overall.Description = Markup.Escape($"matrix [{runner.FinishedCells}/{runner.TotalCells} cells]");
                cellTask.Description = "cells done";
                cellTask.Value = cellTask.MaxValue;
            });
        lock (finished)
            foreach (var c in finished) PrintCell(c);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return results!;
    }
}
