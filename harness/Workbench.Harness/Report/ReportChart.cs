namespace Workbench.Harness.Report;

/// <summary>One chart of a report: its file name under charts/, its section and title, and the SVG document.</summary>
public sealed record ReportChart(string FileName, string Section, string Title, string Svg);
