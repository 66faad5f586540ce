namespace Workbench.Harness.Report;

/// <summary>
/// One chart (panel) of a report: its file name under charts/, its section, the figure it is laid out
/// in (small multiples share one), the figure's caption, and the SVG document.
/// </summary>
public sealed record ReportChart(string FileName, string Section, string Figure, string Caption, string Svg);
