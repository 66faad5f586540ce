using Workbench.Harness.Cli;

namespace Workbench.Harness.Report;

/// <summary>`workbench report results/&lt;run-id&gt;`: re-renders a run's report from its results.json.</summary>
public sealed class ReportVerb : IVerb
{
    public string Name => "report";
    public string Summary => "re-render report.html / report.md / charts/*.svg of a matrix run from its results.json";

    public string Help => """
        usage: workbench report results/<run-id>

        Reads results/<run-id>/results.json and writes, next to it: report.html (self-contained,
        every chart as inline SVG, no scripts or network), report.md (tables + links) and
        charts/*.svg (one file per chart). Works on interrupted runs too (finished cells only).

        """;

    public int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var p = new ArgParser().Parse(args);
        if (p.Positionals.Count != 1) throw new UsageException("give one run directory, e.g. workbench report results/20260101-120000-default");
        var dir = p.Positionals[0];
        if (!Directory.Exists(dir)) throw new UsageException($"run directory '{dir}' does not exist");
        try
        {
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
