using System.Globalization;
using ScottPlot;
using Workbench.Harness.Charts;
using Workbench.Harness.Results;

namespace Workbench.Harness.Report;

/// <summary>
/// The charts of <c>migrate</c> cells: the client's throughput per second across the move, and its
/// p99 latency per second, with each step of the move (nodes added, old nodes Offline, old nodes
/// drained) as a vertical line, and a caption with the figures before, during and after the move.
/// Pure function of the results.
/// </summary>
internal static class MigrationCharts
{
    public const string Section = "Online engine migration";
    private const string Font = ChartFont.Name;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] StepColors = ["#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    public static IReadOnlyList<ReportChart> Build(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = new List<ReportChart>();
        foreach (var cell in results.Cells)
        {
            if (cell.Migration is not { } m || m.OpsPerSecond.Length == 0) continue;
            var caption = Caption(cell, m);
            var figure = ChartCatalog.Slug("migration-" + cell.CellId);
            var reproduce = results.MatrixFile is { } f ? "reproduce: " + Matrix.CellCommand.For(f, cell.CellId) : "";
            charts.Add(Series(cell, m, figure, caption, "throughput", "operations completed in the second (ops/s)", m.OpsPerSecond) with { Reproduce = reproduce });
            charts.Add(Series(cell, m, figure, caption, "p99 latency", "p99 latency of the second's operations (ms)", m.P99LatencyMicros.Select(v => v / 1000.0).ToArray()) with { Reproduce = reproduce });
        }
        return charts;
    }

    /// <summary>Before / during / after throughput, drain time, snapshot bytes and errors of one migrate cell, in words.</summary>
    public static string Caption(CellResult cell, MigrationResult m)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(m);
        string Ops(string phase) => cell.Phases.FirstOrDefault(p => p.Phase == phase) is { } p ? p.OpsPerSec.ToString("N0", C) + " ops/s" : "—";
        string P99(string phase) => cell.Phases.FirstOrDefault(p => p.Phase == phase)?.LatencyMicros.GetValueOrDefault("p99") is { } v and > 0 ? (v / 1000.0).ToString("0.0", C) + " ms" : "—";
        return string.Concat(
            string.Create(C, $"{cell.Workload}, {m.Nodes} {m.From} nodes → {m.Nodes} {m.To} nodes, {cell.Threads} client threads, {cell.ValueSize} B values: "),
            string.Create(C, $"throughput before {Ops("before")}, during the move {Ops("during")}, after {Ops("after")} (p99 {P99("before")} / {P99("during")} / {P99("after")}); "),
            string.Create(C, $"drained in {m.DrainSeconds:0.0} s by {m.Operators} PD operators over {m.Regions} regions; {m.SnapshotBytes / 1048576.0:0.0} MiB of snapshot files written (sender and receiver); "),
            string.Create(C, $"client errors not retried: {m.Failed}, writes re-sent after an unknown outcome: {m.Retried}; loaded keys missing at the end: {m.KeysMissing} of {m.KeysChecked}. "),
            "Vertical lines: the steps of the move. Read: a dip in throughput or a rise in p99 between the lines is what the move cost the client; a flat line across them means the move stayed invisible.");
    }

    private static ReportChart Series(CellResult cell, MigrationResult m, string figure, string caption, string what, string yLabel, double[] ys)
    {
        const string xLabel = "second of the run phase (s)";
        var title = $"{what} across the move — {m.From} → {m.To}";
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, size: 13);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        plot.Legend.FontName = Font;
        plot.Legend.FontSize = 11;
        var xs = Enumerable.Range(0, ys.Length).Select(i => i + 0.5).ToArray();
        var sc = plot.Add.Scatter(xs, ys, Color.FromHex("#1f77b4"));
        sc.MarkerSize = ys.Length <= 120 ? 3 : 0;
        sc.LegendText = what;
        var legend = new List<string> { what };
        for (var i = 0; i < m.Events.Count; i++)
        {
            var e = m.Events[i];
            var v = plot.Add.VerticalLine(e.Second, 1.5f, Color.FromHex(StepColors[i % StepColors.Length]));
            v.LinePattern = LinePattern.Dashed;
            var text = string.Create(C, $"{e.Step} ({e.Second:0} s)");
            v.LegendText = text;
            legend.Add(text);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = SvgFormat.Tick };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsY(0, Math.Max(1, ys.DefaultIfEmpty(0).Max() * 1.1));
        plot.ShowLegend(Edge.Bottom);
        var id = ChartCatalog.Slug($"migration-{what}-{cell.CellId}");
        var svg = ChartSvg.Finish(plot.GetSvgXml(900, 420), id, "timeseries", title, xLabel, yLabel, legend);
        return new ReportChart(id + ".svg", Section, figure, caption, svg);
    }
}
