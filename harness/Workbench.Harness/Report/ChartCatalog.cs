using System.Globalization;
using Workbench.Harness.Charts;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// Builds the report's charts from a run's analysis: throughput by engine per value size (CI whiskers
/// when repeated), latency percentile curves (log scale), write amplification stacked by write
/// category with the device-level WA as a marker, space amplification, and throughput over time with
/// detected change points. Pure function of the analysis.
/// </summary>
public static class ChartCatalog
{
    public const string ThroughputSection = "Throughput";
    public const string LatencySection = "Latency";
    public const string WriteAmpSection = "Write amplification";
    public const string SpaceSection = "Space amplification";
    public const string TimeSeriesSection = "Throughput over time";

    private static readonly (double Percentile, string Label)[] PercentileTicks = [(50, "p50"), (90, "p90"), (95, "p95"), (99, "p99"), (99.9, "p99.9")];

    public static IReadOnlyList<ReportChart> Build(RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var charts = new List<ReportChart>();
        var phases = analysis.Groups.Select(g => (g.Key.Workload, g.Key.Phase)).Distinct().ToList();
        foreach (var (workload, phase) in phases)
            charts.Add(Throughput(analysis, workload, phase));
        foreach (var g in analysis.Groups)
            charts.Add(Latency(g));
        foreach (var (workload, phase) in phases)
            if (WriteAmp(analysis, workload, phase) is { } wa) charts.Add(wa);
        if (Space(analysis) is { } space) charts.Add(space);
        foreach (var g in analysis.Groups)
            charts.Add(TimeSeries(g));
        return charts;
    }

    /// <summary>Places a percentile on a "nines" axis: p50 → 0.3, p90 → 1, p99 → 2, p99.9 → 3.</summary>
    public static double Nines(double percentile) => -Math.Log10(1 - percentile / 100.0);

    private static ReportChart Throughput(RunAnalysis a, string workload, string phase)
    {
        var groups = a.Groups.Where(g => g.Key.Workload == workload && g.Key.Phase == phase).ToList();
        var multiThread = groups.Select(g => g.Key.Threads).Distinct().Count() > 1;
        var categories = groups.Select(g => multiThread ? $"{GroupKey.SizeText(g.Key.ValueSize)} · {g.Key.Threads} thr" : GroupKey.SizeText(g.Key.ValueSize)).ToList();
        var engines = a.EngineOrder.Where(e => groups.Any(g => g.Engines.Any(s => s.Engine == e))).ToList();
        var series = engines.Select(e => new BarSeries(e, groups.Select(g =>
        {
            var s = g.Engines.FirstOrDefault(x => x.Engine == e);
            if (s is null) return new BarValue(double.NaN);
            var t = s.Throughput;
            return t.HasInterval ? new BarValue(t.Median, t.Lower, t.Upper) : new BarValue(t.Median);
        }).ToList())).ToList();
        var title = $"Throughput — {workload} {phase}";
        var svg = new BarChart
        {
            Title = title,
            XLabel = "value size",
            YLabel = "operations / second (median" + (groups.Any(g => g.Engines.Any(s => s.Throughput.HasInterval)) ? ", 95% CI)" : ")"),
            Categories = categories,
            Series = series,
            CssClass = "bar-chart throughput",
        }.ToSvg();
        return new ReportChart(Slug($"throughput-{workload}-{phase}") + ".svg", ThroughputSection, title, svg);
    }

    private static ReportChart Latency(GroupAnalysis g)
    {
        var series = new List<LineSeries>();
        foreach (var s in g.Engines)
            foreach (var (op, curve) in s.LatencyCurves.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                series.Add(new LineSeries(s.LatencyCurves.Count > 1 ? $"{s.Engine} {op}" : s.Engine, curve.Select(p => (Nines(p.Percentile), p.Micros)).ToList()));
        var title = $"Latency percentiles — {g.Key.Title}";
        var svg = new LineChart
        {
            Title = title,
            XLabel = "percentile",
            YLabel = "latency (µs, log scale)",
            LogY = true,
            Series = series,
            XTickLabels = PercentileTicks.Select(t => (Nines(t.Percentile), t.Label)).ToList(),
            CssClass = "line-chart latency",
        }.ToSvg();
        return new ReportChart(Slug($"latency-{g.Key.Workload}-{g.Key.Phase}-v{g.Key.ValueSize}-t{g.Key.Threads}") + ".svg", LatencySection, title, svg);
    }

    private static ReportChart? WriteAmp(RunAnalysis a, string workload, string phase)
    {
        var groups = a.Groups.Where(g => g.Key.Workload == workload && g.Key.Phase == phase).ToList();
        var bars = groups.SelectMany(g => g.Engines.Where(s => s.UserBytesWritten > 0).Select(s => (g, s))).ToList();
        if (bars.Count == 0) return null;
        var categories = bars.Select(b => $"{b.s.Engine} · {GroupKey.SizeText(b.g.Key.ValueSize)}").ToList();
        var cats = bars.SelectMany(b => b.s.WriteAmpByCategory.Keys).Distinct().OrderBy(CategoryOrder).ToList();
        var segments = cats.Select(c => new BarSeries(c, bars.Select(b => new BarValue(b.s.WriteAmpByCategory.GetValueOrDefault(c))).ToList())).ToList();
        var title = $"Write amplification by write category — {workload} {phase}";
        var svg = new StackedBarChart
        {
            Title = title,
            XLabel = "engine · value size (dashed line: device WA from /proc/self/io)",
            YLabel = "bytes written / user byte",
            Categories = categories,
            Segments = segments,
            Markers = bars.Select(b => b.s.WriteAmp ?? double.NaN).ToList(),
            MarkerName = "device WA",
            CssClass = "stacked-bar-chart write-amp",
        }.ToSvg();
        return new ReportChart(Slug($"wa-{workload}-{phase}") + ".svg", WriteAmpSection, title, svg);
    }

    private static ReportChart? Space(RunAnalysis a)
    {
        // The last phase of each workload holds the data as the cell left it.
        var lastPhase = a.Groups.GroupBy(g => g.Key.Workload).ToDictionary(x => x.Key, x => x.Last().Key.Phase);
        var groups = a.Groups.Where(g => lastPhase[g.Key.Workload] == g.Key.Phase && g.Engines.Any(s => s.SpaceAmp is not null)).ToList();
        if (groups.Count == 0) return null;
        var multiThread = groups.Select(g => g.Key.Threads).Distinct().Count() > 1;
        var categories = groups.Select(g => $"{g.Key.Workload} · {GroupKey.SizeText(g.Key.ValueSize)}{(multiThread ? $" · {g.Key.Threads} thr" : "")}").ToList();
        var engines = a.EngineOrder.Where(e => groups.Any(g => g.Engines.Any(s => s.Engine == e))).ToList();
        var series = engines.Select(e => new BarSeries(e, groups.Select(g => new BarValue(g.Engines.FirstOrDefault(s => s.Engine == e)?.SpaceAmp ?? double.NaN)).ToList())).ToList();
        const string title = "Space amplification at the end of each cell";
        var svg = new BarChart
        {
            Title = title,
            XLabel = "workload · value size",
            YLabel = "engine bytes on disk / live bytes",
            Categories = categories,
            Series = series,
            CssClass = "bar-chart space-amp",
        }.ToSvg(Math.Max(760, 120 * categories.Count + 220));
        return new ReportChart("space-amp.svg", SpaceSection, title, svg);
    }

    private static ReportChart TimeSeries(GroupAnalysis g)
    {
        var series = new List<LineSeries>();
        var markers = new List<VerticalMarker>();
        foreach (var s in g.Engines)
            for (var r = 0; r < s.Phases.Count; r++)
            {
                var ts = s.Phases[r].ThroughputSeries;
                var name = s.Phases.Count > 1 ? $"{s.Engine} r{r}" : s.Engine;
                series.Add(new LineSeries(name, ts.Select((v, i) => ((double)(i + 1), v)).ToList()));
                foreach (var cp in s.ChangePoints[r])
                    if (cp.IsStall) markers.Add(new VerticalMarker(cp.Index + 0.5, $"stall {name}"));
            }
        var title = $"Throughput over time — {g.Key.Title}";
        var svg = new LineChart
        {
            Title = title,
            XLabel = "second of the phase",
            YLabel = "operations in the second",
            Series = series,
            Markers = markers,
            YFromZero = true,
            ShowPoints = series.All(s => s.Points.Count <= 60),
            CssClass = "line-chart timeseries",
        }.ToSvg();
        return new ReportChart(Slug($"timeseries-{g.Key.Workload}-{g.Key.Phase}-v{g.Key.ValueSize}-t{g.Key.Threads}") + ".svg", TimeSeriesSection, title, svg);
    }

    private static int CategoryOrder(string category) =>
        Array.IndexOf(new[] { "wal", "raft_log", "flush", "compaction", "blob", "blob_gc", "page", "checkpoint", "manifest", "other" }, category) is var i and >= 0 ? i : 99;

    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.ToLower(CultureInfo.InvariantCulture).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '-') chars[i] = '-';
        return new string(chars);
    }
}
