using System.Globalization;
using ScottPlot;
using Workbench.Harness.Charts;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// "Where every byte came from": one figure per workload, one panel per phase; in a panel one
/// horizontal bar per engine and value size, stacked by "layer.category" (<see cref="ByteSources"/>;
/// layers top down, a category keeps its colour in every chart), in bytes per user byte; the black
/// mark across a bar is the device figure (/proc write_bytes ÷ user bytes). Pure function of the analysis.
/// </summary>
internal static class ByteCharts
{
    public const string Section = "Where every byte came from";
    private const string Font = ChartFont.Name;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ReportChart> Build(RunAnalysis analysis, string? matrixFile)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var charts = new List<ReportChart>();
        foreach (var workload in analysis.Groups.Select(g => g.Key.Workload).Distinct())
        {
            var groups = analysis.Groups.Where(g => g.Key.Workload == workload).ToList();
            var attributed = groups.Any(g => g.Engines.Any(e => e.Phases.Any(ByteSources.IsAttributed)));
            var figure = ChartCatalog.Slug("bytes-" + workload);
            var caption = Caption(workload, attributed, groups);
            var reproduce = ChartCatalog.Reproduce(matrixFile, workload, groups.Select(g => g.Key.ValueSize).Distinct().ToList(), groups.Select(g => g.Key.Threads).Distinct().ToList(), groups.SelectMany(g => g.Engines.Select(e => e.Engine)).Distinct().ToList());
            foreach (var phase in groups.Select(g => g.Key.Phase).Distinct())
                if (Panel(groups.Where(g => g.Key.Phase == phase).ToList(), workload, phase, figure, caption, reproduce) is { } chart) charts.Add(chart);
        }
        return charts;
    }

    private static string Caption(string workload, bool attributed, List<GroupAnalysis> groups)
    {
        var shares = groups.SelectMany(g => g.Engines.Select(e => (e.Engine, g.Key, Share: ByteSources.ExplainedShare(e)))).Where(x => x.Share is not null).ToList();
        var shareText = shares.Count == 0 ? "" :
            $" Explained share (attributed ÷ device bytes): median {Pct(Estimators.SimpleMedian(shares.Select(x => x.Share!.Value).ToList()))}, lowest {Pct(shares.Min(x => x.Share!.Value))} ({shares.MinBy(x => x.Share)!.Engine}, {GroupKey.SizeText(shares.MinBy(x => x.Share)!.Key.ValueSize)}).";
        return $"Where every byte of {workload} came from — device bytes written per user byte (bytes ÷ bytes; user bytes = key + value the workload wrote; layer sql: the SQL layer's row + index bytes), stacked by the layer and cause that wrote them. " +
               "Read: a longer bar writes more per byte of data; the widest segment is the cause to look at; each cause has one colour in every chart (txn causes purples, raft blues, engine causes each their own; neighbouring segments never alike); the black mark is the device figure, and grey (device.unattributed) is what no counter explains. " +
               (attributed
                   ? "Causes from the cell's attribution (device bytes of every process of the cell by layer.category)."
                   : "This run recorded no attribution: the segments are the engine's own bytes by write category (raft_log and snapshot under raft), which can differ from the device figure.") + shareText;
    }

    private static ReportChart? Panel(List<GroupAnalysis> groups, string workload, string phase, string figure, string caption, string reproduce)
    {
        var bars = groups.SelectMany(g => g.Engines.Where(e => e.UserBytesWritten > 0).Select(e => (g, e, Bytes: ByteSources.PerUserByte(e)))).Where(b => b.Bytes.Count > 0).ToList();
        if (bars.Count == 0) return null;
        var keys = bars.SelectMany(b => b.Bytes.Keys).Distinct().OrderBy(ByteSources.Order).ThenBy(k => k, StringComparer.Ordinal).ToList();
        const string xLabel = "device bytes per user byte";
        const string yLabel = "engine · value size";
        var title = $"{workload} {phase}";
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, size: 13);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        plot.Legend.FontName = Font;
        plot.Legend.FontSize = 11;
        var ticks = new List<Tick>();
        for (var i = 0; i < bars.Count; i++)
        {
            var (g, e, bytes) = bars[i];
            var pos = bars.Count - 1 - i;
            double bottom = 0;
            foreach (var k in keys)
            {
                var v = bytes.GetValueOrDefault(k);
                if (v <= 0 || !double.IsFinite(v)) continue;
                plot.Add.Bar(new Bar { Orientation = Orientation.Horizontal, Position = pos, ValueBase = bottom, Value = bottom + v, FillColor = ScottPlot.Color.FromHex(ByteSources.Color(k)), Size = 0.7 });
                bottom += v;
            }
            if (e.WriteAmp is { } device && double.IsFinite(device))
            {
                var line = plot.Add.Line(device, pos - 0.45, device, pos + 0.45);
                line.LineColor = Colors.Black;
                line.LineWidth = 2.5f;
            }
            // sysbench cells have no value size (their rows have a fixed shape): the engine alone.
            ticks.Add(new Tick(pos, g.Key.ValueSize > 0 ? $"{e.Engine} · {GroupKey.SizeText(g.Key.ValueSize)}" : e.Engine));
        }
        var legend = new List<string>();
        foreach (var k in keys)
        {
            var label = k.Replace(".", " · ", StringComparison.Ordinal);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = ScottPlot.Color.FromHex(ByteSources.Color(k)) });
            legend.Add(label);
        }
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "device (/proc write_bytes)", LineColor = Colors.Black, LineWidth = 2.5f });
        legend.Add("device (/proc write_bytes)");
        plot.ShowLegend(Edge.Right);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = SvgFormat.Tick, TickDensity = 0.7 };
        plot.Axes.Margins(left: 0, right: 0.05);
        var id = ChartCatalog.Slug($"bytes-{workload}-{phase}");
        var svg = ChartSvg.Finish(plot.GetSvgXml(610, Math.Max(90 + 28 * bars.Count, 70 + 21 * legend.Count)), id, "bytes", $"Where every byte came from — {title}", xLabel, yLabel, legend);
        return new ReportChart(id + ".svg", Section, figure, caption, svg) { Reproduce = reproduce };
    }

    private static string Pct(double v) => (v * 100).ToString("0.0", C) + "%";
}
