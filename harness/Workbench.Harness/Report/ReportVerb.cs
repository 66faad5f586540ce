using Workbench.Harness.Cli;
using Workbench.Harness.Results;

namespace Workbench.Harness.Report;

/// <summary>
/// `workbench report DIR…`: re-renders a run's report from its results.json, or merges the cells of
/// many run directories (a matrix spread over machines with `matrix --cell`) into one report.
/// </summary>
internal sealed class ReportVerb : IVerb
{
    public string Name => "report";
    public string Summary => "render report.html / report.md / charts/*.svg from one run's results.json, or merge many runs into one report";

    public string Help => """
        usage: workbench report results/<run-id>
               workbench report DIR DIR… [--out DIR]

        Reads results/<run-id>/results.json and writes, next to it: report.html (self-contained,
        every chart as inline SVG, no scripts or network), report.md (tables + links) and
        charts/*.svg (one file per chart). Works on interrupted runs too (finished cells only).

        With several directories (e.g. one per cell, from `workbench matrix FILE --cell ID` run on
        many machines), their cells are merged into one results.json (a cell id found twice keeps its
        last ok result, in the order given) and one report, written to --out (default
        results/<UTC date>-<time>-merged); the source directories are not changed.

          --out DIR    where a merged report goes (a new or empty directory, or one holding a
                       previous merge: its results.json is replaced)

        """;

    public int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var p = new ArgParser().Option("out").Parse(args);
        if (p.Positionals.Count == 0) throw new UsageException("give one or more run directories, e.g. workbench report results/20260101-120000-default");
        foreach (var d in p.Positionals)
            if (!Directory.Exists(d)) throw new UsageException($"run directory '{d}' does not exist");
        try
        {
            string dir;
            if (p.Positionals.Count == 1 && p.Get("out") is null)
                dir = p.Positionals[0];
            else
            {
                var runs = p.Positionals.Select(d => (d, ResultsStore.Load(d))).ToList();
                dir = p.Get("out") ?? Path.Combine("results", Matrix.MatrixRunner.NewRunId("merged", DateTime.UtcNow));
                if (p.Positionals.Any(d => Path.GetFullPath(d).TrimEnd('/') == Path.GetFullPath(dir).TrimEnd('/')))
                    throw new UsageException($"--out '{dir}' is one of the directories being merged; choose a new directory");
                if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !File.Exists(Path.Combine(dir, ResultsStore.FileName)))
                    throw new UsageException($"--out '{dir}' holds other files and no {ResultsStore.FileName}; choose a new or empty directory");
                var merged = RunMerge.Merge(runs, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))));
                ResultsStore.Save(dir, merged);
                Console.WriteLine($"merged {merged.Cells.Count} cells of {runs.Count} run directories into {Path.Combine(dir, ResultsStore.FileName)}");
            }
            var html = ReportWriter.Write(dir);
            Console.WriteLine($"report written to {html} (and report.md, charts/*.svg)");
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"workbench report: {e.Message}");
            return 1;
        }
    }
}
