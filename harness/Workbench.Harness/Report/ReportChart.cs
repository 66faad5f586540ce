namespace Workbench.Harness.Report;

/// <summary>
/// One chart (panel) of a report: its file name under charts/, its section, the figure it is laid out
/// in (small multiples share one), the figure's caption (units and what to read from it), the SVG
/// document, and the command that reproduces the cells behind it (empty when the run has no matrix file).
/// </summary>
internal sealed record ReportChart(string FileName, string Section, string Figure, string Caption, string Svg)
{
    public string Reproduce { get; init; } = "";
}
