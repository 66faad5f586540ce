using Workbench.Harness.Results;

namespace Workbench.Harness.Report;

/// <summary>Writes report.html, report.md and charts/*.svg into a run directory from its results.json.</summary>
internal static class ReportWriter
{
    public const string HtmlName = "report.html";
    public const string MarkdownName = "report.md";
    public const string ChartsDirectory = "charts";

    /// <summary>Renders the report of <paramref name="runDirectory"/>; returns the path of report.html.</summary>
    public static string Write(string runDirectory)
    {
        var results = ResultsStore.Load(runDirectory);
        var doc = new ReportDocument(results);
        var charts = Path.Combine(runDirectory, ChartsDirectory);
        if (Directory.Exists(charts))
            foreach (var old in Directory.EnumerateFiles(charts, "*.svg")) File.Delete(old);
        Directory.CreateDirectory(charts);
        foreach (var c in doc.Charts) File.WriteAllText(Path.Combine(charts, c.FileName), c.Svg);
        File.WriteAllText(Path.Combine(runDirectory, MarkdownName), doc.ToMarkdown());
        var html = Path.Combine(runDirectory, HtmlName);
        File.WriteAllText(html, doc.ToHtml());
        return html;
    }
}
