namespace Workbench.Harness.Charts;

/// <summary>
/// The one font every chart is drawn in: DejaVu Sans, which run.sh installs (fonts-dejavu-core) so
/// ScottPlot measures text the same way on every machine and the report's CSS names the same face.
/// </summary>
internal static class ChartFont
{
    public const string Name = "DejaVu Sans";
}
