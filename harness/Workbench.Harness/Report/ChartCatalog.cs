using System.Globalization;
using ScottPlot;
using Workbench.Harness.Charts;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// Builds the report's charts on ScottPlot 5 (SVG) from a run's analysis: throughput with one panel
/// (own axis) per value size, latency small multiples (one panel per operation type: p50 … p99.9 and
/// max, log axis), write amplification stacked by write category with the device WA marked, space
/// amplification, and throughput over time only for phases long enough to have a series. Every
/// engine keeps one colour in every chart. Pure function of the analysis.
/// </summary>
internal static class ChartCatalog
{
    public const string ThroughputSection = "Throughput";
    public const string LatencySection = "Latency";
    public const string WriteAmpSection = "Write amplification";
    public const string SpaceSection = "Space amplification";
    public const string TimeSeriesSection = "Throughput over time";

    /// <summary>A phase needs this many one-second intervals (in some repeat) before its time series is drawn.</summary>
    public const int MinSeriesIntervals = 5;

    private const string Font = ChartFont.Name;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ReportChart> Build(RunAnalysis analysis, string? matrixFile = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var palette = new EnginePalette(analysis.EngineOrder);
        var charts = new List<ReportChart>();
        var phases = analysis.Groups.Select(g => (g.Key.Workload, g.Key.Phase)).Distinct().ToList();
        foreach (var (workload, phase) in phases)
            foreach (var g in analysis.Groups.Where(g => g.Key.Workload == workload && g.Key.Phase == phase))
                charts.Add(Throughput(g, palette, analysis) with { Reproduce = Reproduce(matrixFile, g) });
        foreach (var g in analysis.Groups)
            charts.AddRange(Latency(g, palette).Select(c => c with { Reproduce = Reproduce(matrixFile, g) }));
        foreach (var (workload, phase) in phases)
            if (WriteAmp(analysis, workload, phase) is { } wa)
            {
                var gs = analysis.Groups.Where(g => g.Key.Workload == workload && g.Key.Phase == phase).ToList();
                charts.Add(wa with { Reproduce = Reproduce(matrixFile, workload, gs.Select(g => g.Key.ValueSize).Distinct().ToList(), gs.Select(g => g.Key.Threads).Distinct().ToList(), gs.SelectMany(g => g.Engines.Select(e => e.Engine)).Distinct().ToList()) });
            }
        if (Space(analysis, palette) is { } space) charts.Add(space with { Reproduce = matrixFile is null ? "" : "reproduce: the last phase of each workload's cells, e.g. " + Reproduce(matrixFile, analysis.Groups[^1]).Replace("reproduce: ", "", StringComparison.Ordinal) });
        foreach (var g in analysis.Groups)
            if (g.Engines.Any(e => e.Phases.Any(p => p.ThroughputSeries.Length >= MinSeriesIntervals)))
                charts.Add(TimeSeries(g, palette) with { Reproduce = Reproduce(matrixFile, g) });
        return charts;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, size: 13);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        plot.Legend.FontName = Font;
        plot.Legend.FontSize = 11;
        return plot;
    }

    private static string EngineTick(EngineSummary e) => e.IsReference ? e.Engine + " (ref)" : e.Engine;

    private static string Reproduce(string? matrixFile, GroupAnalysis g) =>
        Reproduce(matrixFile, g.Key.Workload, [g.Key.ValueSize], [g.Key.Threads], g.Engines.Select(e => e.Engine).ToList());

    private static ReportChart Throughput(GroupAnalysis g, EnginePalette palette, RunAnalysis a)
    {
        var withCi = g.Engines.Any(e => e.Throughput.HasInterval);
        var title = $"{GroupKey.SizeText(g.Key.ValueSize)} values" + (a.Groups.Select(x => x.Key.Threads).Distinct().Count() > 1 ? $", {g.Key.Threads} threads" : "");
        // Horizontal bars: engine names read as tick labels without rotation; x is the value.
        var xLabel = "ops/s (median" + (withCi ? ", 95% CI)" : ")");
        const string yLabel = "engine";
        var plot = NewPlot(title, xLabel, yLabel);
        var ticks = new List<Tick>();
        for (var i = 0; i < g.Engines.Count; i++)
        {
            var e = g.Engines[i];
            var t = e.Throughput;
            var pos = g.Engines.Count - 1 - i; // first engine on top
            var bar = new Bar
            {
                Orientation = Orientation.Horizontal,
                Position = pos,
                Value = double.IsFinite(t.Median) ? t.Median : 0,
                FillColor = palette.Color(e.Engine),
                FillHatch = e.IsReference ? new ScottPlot.Hatches.Striped() : null,
                FillHatchColor = Colors.White.WithAlpha(0.6),
            };
            plot.Add.Bar(bar);
            if (t.HasInterval)
            {
                // The CI is asymmetric, so the whisker is drawn by hand (ScottPlot's bar error is symmetric).
                foreach (var (x1, y1, x2, y2) in new[] { (t.Lower, pos, t.Upper, pos), (t.Lower, pos - 0.12, t.Lower, pos + 0.12), (t.Upper, pos - 0.12, t.Upper, pos + 0.12) })
                {
                    var w = plot.Add.Line(x1, y1, x2, y2);
                    w.LineColor = Colors.Black;
                    w.LineWidth = 1.5f;
                }
            }
            ticks.Add(new Tick(pos, EngineTick(e)));
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = SvgFormat.Tick, TickDensity = 0.6 };
        plot.Axes.Margins(left: 0, right: 0.08);
        AddEngineLegend(plot, g.Engines, palette);
        var id = ChartId($"throughput-{g.Key.Workload}-{g.Key.Phase}-v{g.Key.ValueSize}-t{g.Key.Threads}");
        var svg = ChartSvg.Finish(plot.GetSvgXml(560, 70 + 30 * g.Engines.Count), id, "throughput", $"Throughput — {g.Key.Title}", xLabel, yLabel, g.Engines.Select(e => e.Engine));
        return new ReportChart(id + ".svg", ThroughputSection, ChartId($"throughput-{g.Key.Workload}-{g.Key.Phase}"), $"Throughput — {g.Key.Workload} {g.Key.Phase}: operations per second (ops/s), median over repeats; one panel per value size, each on its own axis. Read: the longer bar did more operations per second; black whiskers are the 95% CI of the median (with two or more repeats) — where whiskers overlap, the difference is not established", svg);
    }

    private static void AddEngineLegend(Plot plot, IEnumerable<EngineSummary> engines, EnginePalette palette)
    {
        foreach (var e in engines)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = EngineTick(e), FillColor = palette.Color(e.Engine), LineColor = palette.Color(e.Engine) });
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>Small multiples: one panel per operation type, engines as lines over p50 … p99.9 and max.</summary>
    private static IEnumerable<ReportChart> Latency(GroupAnalysis g, EnginePalette palette)
    {
        var ops = g.Engines.SelectMany(e => e.LatencyCurves.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var figure = ChartId($"latency-{g.Key.Workload}-{g.Key.Phase}-v{g.Key.ValueSize}-t{g.Key.Threads}");
        foreach (var op in ops)
        {
            const string xLabel = "percentile";
            const string yLabel = "latency (µs, log scale)";
            var plot = NewPlot(op, xLabel, yLabel);
            string[] labels = [];
            var legend = new List<string>();
            foreach (var e in g.Engines)
            {
                if (!e.LatencyCurves.TryGetValue(op, out var curve)) continue;
                labels = curve.Select(p => p.Label).ToArray();
                var xs = new List<double>();
                var ys = new List<double>();
                for (var i = 0; i < curve.Count; i++)
                    if (double.IsFinite(curve[i].Micros) && curve[i].Micros > 0)
                    {
                        xs.Add(i);
                        ys.Add(Math.Log10(curve[i].Micros));
                    }
                var sc = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.Color(e.Engine));
                sc.LegendText = EngineTick(e);
                sc.MarkerShape = palette.Marker(e.Engine);
                sc.LineWidth = 2;
                sc.MarkerSize = 5;
                legend.Add(e.Engine);
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((l, i) => new Tick(i, l)).ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => SvgFormat.Tick(Math.Pow(10, y)),
            };
            plot.ShowLegend(Edge.Right);
            var id = ChartId($"{figure}-{op}");
            var svg = ChartSvg.Finish(plot.GetSvgXml(520, 300), id, "latency", $"{op} latency — {g.Key.Title}", xLabel, yLabel, legend);
            yield return new ReportChart(id + ".svg", LatencySection, figure, $"Latency — {g.Key.Title}: one panel per operation type; latency in µs (log axis) at p50, p90, p95, p99, p99.9 and max, median over repeats; one colour per engine throughout the report. Read: lower is better; lines close at p50 and apart at p99.9/max differ in their tails (stalls, compaction, GC), not in the typical operation", svg);
        }
    }

    private static ReportChart? WriteAmp(RunAnalysis a, string workload, string phase)
    {
        var groups = a.Groups.Where(g => g.Key.Workload == workload && g.Key.Phase == phase).ToList();
        var bars = groups.SelectMany(g => g.Engines.Where(s => s.UserBytesWritten > 0 && (s.WriteAmpByCategory.Count > 0 || s.WriteAmp is not null)).Select(s => (g, s))).ToList();
        if (bars.Count == 0) return null;
        var cats = bars.SelectMany(b => b.s.WriteAmpByCategory.Keys).Distinct().OrderBy(CategoryOrder).ToList();
        const string xLabel = "bytes written / user byte";
        const string yLabel = "engine · value size";
        var title = $"Write amplification by write category — {workload} {phase}";
        var plot = NewPlot(title, xLabel, yLabel);
        var ticks = new List<Tick>();
        for (var i = 0; i < bars.Count; i++)
        {
            var (g, s) = bars[i];
            var pos = bars.Count - 1 - i; // first bar on top
            double bottom = 0;
            for (var c = 0; c < cats.Count; c++)
            {
                var v = s.WriteAmpByCategory.GetValueOrDefault(cats[c]);
                if (v <= 0) continue;
                plot.Add.Bar(new Bar { Orientation = Orientation.Horizontal, Position = pos, ValueBase = bottom, Value = bottom + v, FillColor = CategoryColor(cats[c]), Size = 0.7 });
                bottom += v;
            }
            if (s.WriteAmp is { } device && double.IsFinite(device))
            {
                var line = plot.Add.Line(device, pos - 0.45, device, pos + 0.45);
                line.LineColor = Colors.Black;
                line.LineWidth = 2.5f;
            }
            ticks.Add(new Tick(pos, $"{s.Engine} · {GroupKey.SizeText(g.Key.ValueSize)}"));
        }
        for (var c = 0; c < cats.Count; c++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = cats[c], FillColor = CategoryColor(cats[c]) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "device WA (/proc/self/io)", LineColor = Colors.Black, LineWidth = 2.5f });
        plot.ShowLegend(Edge.Right);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(left: 0, right: 0.05);
        var id = ChartId($"wa-{workload}-{phase}");
        var legend = cats.Append("device WA").ToList();
        // Tall enough for the legend too: with one bar and three or more categories its last entries were clipped.
        var svg = ChartSvg.Finish(plot.GetSvgXml(860, Math.Max(90 + 26 * bars.Count, 70 + 22 * legend.Count)), id, "write-amp", title, xLabel, yLabel, legend);
        return new ReportChart(id + ".svg", WriteAmpSection, id, title + ": the engine's own bytes per user byte (bytes ÷ bytes), stacked by write category; the black line across each bar is the device-level WA (/proc write_bytes ÷ user bytes). Read: a longer bar writes more per byte of data; where the black line lies far from the end of the stack, the engine's counters miss (or overcount) device bytes", svg);
    }

    private static ReportChart? Space(RunAnalysis a, EnginePalette palette)
    {
        // The last phase of each workload holds the data as the cell left it.
        var lastPhase = a.Groups.GroupBy(g => g.Key.Workload).ToDictionary(x => x.Key, x => x.Last().Key.Phase);
        var groups = a.Groups.Where(g => lastPhase[g.Key.Workload] == g.Key.Phase && g.Engines.Any(s => s.SpaceAmp is not null)).ToList();
        if (groups.Count == 0) return null;
        var engines = a.EngineOrder.Where(e => groups.Any(g => g.Engines.Any(s => s.Engine == e && s.SpaceAmp is not null))).ToList();
        const string xLabel = "workload · value size";
        const string yLabel = "engine bytes on disk / live bytes";
        const string title = "Space amplification at the end of each cell";
        var plot = NewPlot(title, xLabel, yLabel);
        var width = 0.8 / engines.Count;
        var ticks = new List<Tick>();
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var g = groups[gi];
            for (var ei = 0; ei < engines.Count; ei++)
                if (g.Engines.FirstOrDefault(s => s.Engine == engines[ei])?.SpaceAmp is { } v && double.IsFinite(v))
                    plot.Add.Bar(new Bar { Position = gi - 0.4 + width * (ei + 0.5), Value = v, Size = width * 0.9, FillColor = palette.Color(engines[ei]) });
            ticks.Add(new Tick(gi, $"{g.Key.Workload} · {GroupKey.SizeText(g.Key.ValueSize)}"));
        }
        foreach (var e in engines)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = e, FillColor = palette.Color(e) });
        plot.ShowLegend(Edge.Right);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(bottom: 0, top: 0.1);
        var svg = ChartSvg.Finish(plot.GetSvgXml(Math.Min(1200, Math.Max(700, 150 * groups.Count + 220)), 360), "space-amp", "space-amp", title, xLabel, yLabel, engines);
        return new ReportChart("space-amp.svg", SpaceSection, "space-amp", title + ": engine bytes on disk ÷ live logical bytes (ratio) after the last phase of each workload. Read: 1 means no overhead; higher bars keep more dead versions, garbage blobs or free pages on disk", svg);
    }

    private static ReportChart TimeSeries(GroupAnalysis g, EnginePalette palette)
    {
        const string xLabel = "second of the phase";
        const string yLabel = "operations in the second";
        var title = $"Throughput over time — {g.Key.Title}";
        var plot = NewPlot(title, xLabel, yLabel);
        var legend = new List<string>();
        foreach (var s in g.Engines)
        {
            var first = true;
            for (var r = 0; r < s.Phases.Count; r++)
            {
                var ts = s.Phases[r].ThroughputSeries;
                if (ts.Length == 0) continue;
                var sc = plot.Add.Scatter(Enumerable.Range(1, ts.Length).Select(i => (double)i).ToArray(), ts, palette.Color(s.Engine));
                sc.MarkerShape = palette.Marker(s.Engine);
                sc.MarkerSize = ts.Length <= 60 ? 4 : 0;
                if (first) sc.LegendText = EngineTick(s);
                first = false;
                foreach (var cp in s.ChangePoints[r])
                    if (cp.IsStall)
                    {
                        var v = plot.Add.VerticalLine(cp.Index + 0.5, 1.5f, palette.Color(s.Engine));
                        v.ExcludeFromLegend = true;
                    }
            }
            if (!first) legend.Add(s.Engine);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = SvgFormat.Tick };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        var id = ChartId($"timeseries-{g.Key.Workload}-{g.Key.Phase}-v{g.Key.ValueSize}-t{g.Key.Threads}");
        var svg = ChartSvg.Finish(plot.GetSvgXml(860, 340), id, "timeseries", title, xLabel, yLabel, legend);
        return new ReportChart(id + ".svg", TimeSeriesSection, id, title + ": operations completed in each one-second interval (ops/s), one line per repeat. Read: a flat line is steady; dips are stalls (vertical lines: change points into a segment below 60% of the phase's median, ED-PELT)", svg);
    }

    // A write category keeps its colour in every chart: the colour follows its place in the fixed order.
    private static Color CategoryColor(string category) => Color.FromHex(CategoryPalette.HexOfEngineCategory(category));

    private static int CategoryOrder(string category) =>
        Array.IndexOf(new[] { "wal", "raft_log", "flush", "compaction", "blob", "blob_gc", "page", "checkpoint", "manifest", "other" }, category) is var i and >= 0 ? i : 99;

    private static string ChartId(string text) => Slug(text);

    /// <summary>
    /// "reproduce: ./run.sh matrix FILE --cell ID" for the cells of a chart: the exact id when the chart
    /// holds one cell, else the id with ENGINE / SIZE / THREADS standing for the axes it spans, and the
    /// values they take. Empty without a matrix file.
    /// </summary>
    public static string Reproduce(string? matrixFile, string workload, IReadOnlyList<int> sizes, IReadOnlyList<int> threads, IReadOnlyList<string> engines)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentNullException.ThrowIfNull(engines);
        if (matrixFile is null || sizes.Count == 0 || threads.Count == 0 || engines.Count == 0) return "";
        var id = $"{workload}/v{(sizes.Count == 1 ? sizes[0].ToString(C) : "SIZE")}/t{(threads.Count == 1 ? threads[0].ToString(C) : "THREADS")}/{(engines.Count == 1 ? engines[0] : "ENGINE")}/r0";
        var where = new List<string>();
        if (engines.Count > 1) where.Add("ENGINE: " + string.Join(", ", engines));
        if (sizes.Count > 1) where.Add("SIZE: " + string.Join(", ", sizes.Select(v => v.ToString(C))));
        if (threads.Count > 1) where.Add("THREADS: " + string.Join(", ", threads.Select(v => v.ToString(C))));
        return "reproduce: " + Matrix.CellCommand.For(matrixFile, id) + (where.Count > 0 ? " (" + string.Join("; ", where) + "; r1, r2… for later repeats)" : "");
    }

    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.ToLower(C).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '-') chars[i] = '-';
        return new string(chars);
    }
}
