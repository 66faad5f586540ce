using System.Globalization;
using ScottPlot;
using Workbench.Harness.Charts;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// The layer tax: the same workload (kind and YCSB file, phase, value size, threads) run at two or
/// more layers — engine → raft → txn → sql — as two panels, ops/s and p99 latency, one line per
/// engine (its fixed colour), so the cost of each layer added on top of an engine reads as the slope
/// between two points. Workloads are matched across layers by what they run, not by their labels
/// (a matrix names them per layer). Pure function of the results and their analysis.
/// </summary>
internal static class LayerTaxCharts
{
    public const string Section = "Layer tax";
    public static readonly IReadOnlyList<string> Layers = ["engine", "raft", "txn", "sql"];
    private const string Font = ChartFont.Name;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One workload at one layer, as the analysis grouped it.</summary>
    public sealed record Point(string Layer, GroupAnalysis Group);

    /// <summary>Workload identity across layers → its groups, one per layer (only identities with two layers or more).</summary>
    public static IReadOnlyList<(string Title, IReadOnlyList<Point> Points)> Find(RunResults results, RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(analysis);
        var facts = new Dictionary<string, (string Kind, string? File, string Layer)>(StringComparer.Ordinal);
        foreach (var c in results.Cells.Where(c => c.Succeeded))
            facts.TryAdd(c.Workload, (c.WorkloadKind, c.WorkloadFile, c.Layer));
        var byIdentity = new Dictionary<string, List<Point>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var g in analysis.Groups)
        {
            if (!facts.TryGetValue(g.Key.Workload, out var f) || f.Kind is "migrate" or "sysbench") continue;
            var what = f.Kind == "ycsb" && f.File is { } file ? Path.GetFileName(file) : f.Kind;
            var identity = string.Create(C, $"{what} {g.Key.Phase}, {GroupKey.SizeText(g.Key.ValueSize)} values, {g.Key.Threads} thread{(g.Key.Threads == 1 ? "" : "s")}");
            if (!byIdentity.TryGetValue(identity, out var list))
            {
                byIdentity[identity] = list = [];
                order.Add(identity);
            }
            if (list.All(p => p.Layer != f.Layer)) list.Add(new Point(f.Layer, g));
        }
        return order.Select(i => (i, (IReadOnlyList<Point>)byIdentity[i].OrderBy(p => LayerIndex(p.Layer)).ToList()))
            .Where(x => x.Item2.Count >= 2).ToList();
    }

    public static IReadOnlyList<ReportChart> Build(RunResults results, RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(analysis);
        var palette = new EnginePalette(analysis.EngineOrder);
        var charts = new List<ReportChart>();
        foreach (var (title, points) in Find(results, analysis))
        {
            var figure = ChartCatalog.Slug("layer-tax-" + title);
            var engines = analysis.EngineOrder.Where(e => points.Count(p => p.Group.Engines.Any(s => s.Engine == e)) >= 2).ToList();
            if (engines.Count == 0) continue;
            var caption = $"Layer tax — {title}: the same workload at " + string.Join(" → ", points.Select(p => p.Layer)) +
                          " (workloads " + string.Join(", ", points.Select(p => p.Group.Key.Workload)) + "), ops/s (log axis) and p99 latency over all operations (µs, log axis), medians over repeats; one line per engine in its report colour. " +
                          "Read: each step to the right adds a layer; a steep fall in ops/s or rise in p99 is that layer's cost, and engines whose lines cross are ranked differently end to end than at the engine.";
            var reproduce = results.MatrixFile is { } f
                ? "reproduce: " + string.Join("; ", points.Select(p => Matrix.CellCommand.For(f, $"{p.Group.Key.Workload}/v{p.Group.Key.ValueSize.ToString(C)}/t{p.Group.Key.Threads.ToString(C)}/ENGINE/r0"))) + " (ENGINE: " + string.Join(", ", engines) + ")"
                : "";
            charts.Add(Panel(points, engines, palette, figure, caption, "ops/s", "operations per second (ops/s, log scale)", s => s.Throughput.Median) with { Reproduce = reproduce });
            charts.Add(Panel(points, engines, palette, figure, caption, "p99", "p99 latency (µs, log scale)", s => s.P99 ?? double.NaN) with { Reproduce = reproduce });
        }
        return charts;
    }

    private static ReportChart Panel(IReadOnlyList<Point> points, IReadOnlyList<string> engines, EnginePalette palette, string figure, string caption, string what, string yLabel, Func<EngineSummary, double> value)
    {
        const string xLabel = "layer (engine → sql)";
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(what + " by layer", size: 13);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        plot.Legend.FontName = Font;
        plot.Legend.FontSize = 11;
        var legend = new List<string>();
        foreach (var e in engines)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < points.Count; i++)
                if (points[i].Group.Engines.FirstOrDefault(s => s.Engine == e) is { } s && value(s) is var v && double.IsFinite(v) && v > 0)
                {
                    xs.Add(i);
                    ys.Add(Math.Log10(v));
                }
            if (xs.Count == 0) continue;
            var sc = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.Color(e));
            sc.LegendText = e;
            sc.MarkerShape = palette.Marker(e);
            sc.MarkerSize = 7;
            sc.LineWidth = 2;
            legend.Add(e);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(points.Select((p, i) => new Tick(i, p.Layer)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => SvgFormat.Tick(Math.Pow(10, y)),
        };
        plot.Axes.Margins(left: 0.15, right: 0.15, bottom: 0.15, top: 0.15);
        plot.ShowLegend(Edge.Right);
        var id = ChartCatalog.Slug($"{figure}-{what}");
        var svg = ChartSvg.Finish(plot.GetSvgXml(560, 320), id, "layer-tax", $"{what} by layer — {caption[..caption.IndexOf(':', StringComparison.Ordinal)]}", xLabel, yLabel, legend);
        return new ReportChart(id + ".svg", Section, figure, caption, svg);
    }

    private static int LayerIndex(string layer)
    {
        for (var i = 0; i < Layers.Count; i++)
            if (Layers[i] == layer) return i;
        return Layers.Count;
    }
}
