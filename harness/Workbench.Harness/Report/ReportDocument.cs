using System.Globalization;
using System.Text;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// The report of a run as text: report.md (tables + links to the SVGs) and report.html (the same
/// tables with every chart inline — self-contained: no scripts, no external resources). Built from
/// the results and their analysis only, so `workbench report` can re-render it at any time.
/// </summary>
public sealed class ReportDocument
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly RunResults _results;
    private readonly RunAnalysis _analysis;

    public ReportDocument(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _results = results;
        _analysis = RunAnalysis.Analyze(results);
        Charts = ChartCatalog.Build(_analysis);
        KeyTable = BuildKeyTable();
        ComparisonTable = BuildComparisonTable();
        StallTable = BuildStallTable();
    }

    public IReadOnlyList<ReportChart> Charts { get; }
    public ReportTable KeyTable { get; }
    public ReportTable ComparisonTable { get; }
    public ReportTable StallTable { get; }

    private string Title => $"Workbench report — {_results.Matrix} ({_results.RunId})";

    private IReadOnlyList<string> Facts()
    {
        var ok = _results.Cells.Count(c => c.Succeeded);
        var failed = _results.Cells.Count - ok;
        var facts = new List<string>
        {
            $"Matrix '{_results.Matrix}', layer {_results.Layer}, {ok} of {_results.PlannedCells.Count} cells finished" + (failed > 0 ? $", {failed} failed" : "") + ".",
            $"Baseline engine for comparisons: {_results.Baseline}. Repeats: {_results.Repeat}" + (_results.Repeat < 2 ? " (medians without confidence intervals; run with repeat ≥ 2 for CIs)." : " (medians with 95% Harrell–Davis confidence intervals)."),
            "Verdicts: one-sided Mann–Whitney tests (α = 0.05) on per-second throughput intervals and on sampled per-operation latencies; 'indistinguishable' gives the two-sided p-value.",
            "WA (device) = growth of write_bytes in /proc/self/io over the phase after flushing ÷ user bytes (key + value written); WA (engine) = the engine's own bytes by write category ÷ user bytes; 'engine ÷ device' near 1.00 means the breakdown accounts for the device bytes. Space amp = engine bytes on disk ÷ live bytes.",
        };
        if (_results.Machine.Count > 0) facts.Add("Machine: " + string.Join(", ", _results.Machine.Select(kv => $"{kv.Key} {kv.Value}")) + ".");
        if (_results.PlannedCells.Count > _results.Cells.Count)
            facts.Add($"{_results.PlannedCells.Count - _results.Cells.Count} planned cells have no result yet (interrupted run: resume with `workbench matrix --resume results/{_results.RunId}`).");
        return facts;
    }

    /// <summary>One line per group with two or more engines: which engine wins on throughput, tail latency, WA and space, and the WA breakdown that explains it.</summary>
    public IReadOnlyList<string> Answers()
    {
        var lines = new List<string>();
        foreach (var g in _analysis.Groups.Where(g => g.Engines.Count >= 2))
        {
            var parts = new List<string>();
            var fastest = g.Engines.MaxBy(e => e.Throughput.Median)!;
            var cmp = g.Comparisons.FirstOrDefault(c => c.Engine == fastest.Engine && c.Metric.StartsWith("throughput", StringComparison.Ordinal));
            parts.Add($"fastest {fastest.Engine} ({Num(fastest.Throughput.Median, 0)} ops/s" +
                      (cmp is null ? fastest.Engine == _analysis.Baseline ? ", the baseline)" : ")"
                          : cmp.Verdict == Verdict.InsufficientData ? $", {Num(cmp.MedianRatio, 2)}× {_analysis.Baseline}; too few samples for a test)"
                          : $", {Num(cmp.MedianRatio, 2)}× {_analysis.Baseline}: {cmp.VerdictText}, p {PText(cmp.PValue)}{(IsRateFallback(cmp) ? ", by per-op rate" : "")})"));
            var p99 = g.Engines.Select(e => (e, v: Estimators.SimpleMedian(e.Phases.Where(p => p.LatencyMicros.ContainsKey("p99")).Select(p => p.LatencyMicros["p99"]).ToList())))
                .Where(x => double.IsFinite(x.v)).OrderBy(x => x.v).FirstOrDefault();
            if (p99.e is not null) parts.Add($"lowest p99 {p99.e.Engine} ({Num(p99.v, 1)} µs)");
            var writers = g.Engines.Where(e => e.UserBytesWritten > 0 && (e.WriteAmp ?? e.EngineWriteAmp) is not null).ToList();
            if (writers.Count > 0)
            {
                var wa = writers.MinBy(e => e.WriteAmp ?? e.EngineWriteAmp)!;
                var worst = writers.MaxBy(e => e.WriteAmp ?? e.EngineWriteAmp)!;
                parts.Add($"lowest WA {wa.Engine} ({Num(wa.WriteAmp ?? wa.EngineWriteAmp, 2)})");
                if (worst != wa && worst.WriteAmpByCategory.Count > 0)
                    parts.Add($"highest WA {worst.Engine} ({Num(worst.WriteAmp ?? worst.EngineWriteAmp, 2)}: " +
                              string.Join(", ", worst.WriteAmpByCategory.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {Num(kv.Value, 2)}")) + ")");
            }
            var space = g.Engines.Where(e => e.SpaceAmp is not null).MinBy(e => e.SpaceAmp);
            if (space is not null) parts.Add($"lowest space amp {space.Engine} ({Num(space.SpaceAmp, 2)})");
            lines.Add($"{g.Key.Title}: " + string.Join("; ", parts) + ".");
        }
        return lines;
    }

    private ReportTable BuildKeyTable()
    {
        var t = new ReportTable(["workload", "phase", "value size", "threads", "engine", "ops/s (median [95% CI])", "p50 µs", "p99 µs", "p99.9 µs", "WA device", "WA engine", "engine ÷ device", "space amp", "vs baseline (throughput)"]);
        foreach (var g in _analysis.Groups)
            foreach (var s in g.Engines)
            {
                var lat = s.Phases.Select(p => p.LatencyMicros).ToList();
                string L(string k) => Num(Estimators.SimpleMedian(lat.Where(d => d.ContainsKey(k)).Select(d => d[k]).ToList()), 1);
                var cmp = g.Comparisons.FirstOrDefault(c => c.Engine == s.Engine && c.Metric.StartsWith("throughput", StringComparison.Ordinal));
                var vs = s.Engine == _analysis.Baseline ? "(baseline)" : cmp is null ? "—" : VerdictText(cmp);
                var tp = s.Throughput;
                var tpText = Num(tp.Median, 0) + (tp.HasInterval ? $" [{Num(tp.Lower, 0)}, {Num(tp.Upper, 0)}]" : "");
                t.Add(g.Key.Workload, g.Key.Phase, GroupKey.SizeText(g.Key.ValueSize), g.Key.Threads.ToString(C), s.Engine, tpText,
                    L("p50"), L("p99"), L("p999"),
                    s.UserBytesWritten > 0 ? Num(s.WriteAmp, 2) : "—", s.UserBytesWritten > 0 ? Num(s.EngineWriteAmp, 2) : "—",
                    // DESIGN.md §4: the engine's breakdown should add up to the device figure within a few percent.
                    s.WriteAmp is > 0 && s.EngineWriteAmp is { } ewa ? Num(ewa / s.WriteAmp.Value, 2) : "—",
                    Num(s.SpaceAmp, 2), vs);
            }
        return t;
    }

    private ReportTable BuildComparisonTable()
    {
        var t = new ReportTable(["group", "engine", "metric", "verdict vs baseline", "p-value", "median ratio", "samples (engine / baseline)"]);
        foreach (var g in _analysis.Groups)
            foreach (var c in g.Comparisons)
                t.Add(g.Key.Title, c.Engine, c.Metric, c.VerdictText, PText(c.PValue), Num(c.MedianRatio, 3), $"{c.EngineSamples} / {c.BaselineSamples}");
        return t;
    }

    private ReportTable BuildStallTable()
    {
        var t = new ReportTable(["group", "engine", "repeat", "at second", "ops/s before → after", "stall"]);
        foreach (var g in _analysis.Groups)
            foreach (var s in g.Engines)
                for (var r = 0; r < s.ChangePoints.Count; r++)
                    foreach (var cp in s.ChangePoints[r])
                        t.Add(g.Key.Title, s.Engine, r.ToString(C), (cp.Index + 1).ToString(C), $"{Num(cp.MedianBefore, 0)} → {Num(cp.MedianAfter, 0)}", cp.IsStall ? "yes" : "no");
        return t;
    }

    private static string VerdictText(Comparison c) => c.Verdict == Verdict.InsufficientData
        ? "insufficient data"
        : $"{c.VerdictText} ({Num(c.MedianRatio, 2)}×, p {PText(c.PValue)})" + (IsRateFallback(c) ? " by per-op rate (phase < 3 s)" : "");

    // Short phases are compared on 1/latency of sampled operations, which can disagree with the phase's
    // overall ops/s (time between operations, GC pauses); say so where the verdict is shown.
    private static bool IsRateFallback(Comparison c) => c.Metric.StartsWith("throughput (1/latency", StringComparison.Ordinal);

    private static string PText(double p) => double.IsNaN(p) ? "—" : p < 0.001 ? "< 0.001" : p.ToString("0.###", C);

    private static string Num(double? v, int decimals) => v is { } d && double.IsFinite(d) ? d.ToString("N" + decimals.ToString(C), C) : "—";

    private IEnumerable<string> Failures() => _results.Cells.Where(c => !c.Succeeded).Select(c => $"{c.CellId}: {c.Error}");

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Title).AppendLine();
        foreach (var f in Facts()) sb.Append("- ").AppendLine(f);
        var answers = Answers();
        if (answers.Count > 0)
        {
            sb.AppendLine().AppendLine("## Which engine, and why").AppendLine();
            foreach (var a in answers) sb.Append("- ").AppendLine(a);
        }
        sb.AppendLine().AppendLine("## Key results").AppendLine().Append(KeyTable.ToMarkdown()).AppendLine();
        sb.AppendLine("## Comparisons with the baseline").AppendLine();
        sb.Append(ComparisonTable.Rows.Count > 0 ? ComparisonTable.ToMarkdown() : "Only one engine in this run: nothing to compare.\n").AppendLine();
        sb.AppendLine("## Change points in throughput (ED-PELT)").AppendLine();
        sb.Append(StallTable.Rows.Count > 0 ? StallTable.ToMarkdown() : "No change points detected.\n").AppendLine();
        if (Failures().Any())
        {
            sb.AppendLine("## Failed cells").AppendLine();
            foreach (var f in Failures()) sb.Append("- ").AppendLine(f);
            sb.AppendLine();
        }
        foreach (var section in Charts.Select(c => c.Section).Distinct())
        {
            sb.Append("## ").AppendLine(section).AppendLine();
            foreach (var c in Charts.Where(c => c.Section == section))
                sb.Append("![").Append(c.Title).Append("](charts/").Append(c.FileName).AppendLine(")").AppendLine();
        }
        return sb.ToString();
    }

    public string ToHtml()
    {
        static string E(string s) => Workbench.Harness.Charts.SvgFormat.Escape(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<title>").Append(E(Title)).AppendLine("</title>");
        sb.AppendLine("""
            <style>
            body { font-family: sans-serif; margin: 24px auto; max-width: 1200px; color: #222; }
            table { border-collapse: collapse; margin: 8px 0 24px; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f0f0f0; }
            figure { margin: 12px 0 28px; }
            figcaption { font-size: 12px; color: #555; }
            nav a { margin-right: 14px; }
            </style>
            """);
        sb.AppendLine("</head><body>");
        sb.Append("<h1>").Append(E(Title)).AppendLine("</h1>");
        sb.AppendLine("<ul class=\"facts\">");
        foreach (var f in Facts()) sb.Append("<li>").Append(E(f)).AppendLine("</li>");
        sb.AppendLine("</ul>");
        var sections = Charts.Select(c => c.Section).Distinct().ToList();
        sb.Append("<nav><a href=\"#answers\">Which engine</a><a href=\"#key\">Key results</a><a href=\"#comparisons\">Comparisons</a><a href=\"#changepoints\">Change points</a>");
        foreach (var s in sections) sb.Append("<a href=\"#").Append(ChartCatalog.Slug(s)).Append("\">").Append(E(s)).Append("</a>");
        sb.AppendLine("</nav>");
        var answers = Answers();
        if (answers.Count > 0)
        {
            sb.AppendLine("<h2 id=\"answers\">Which engine, and why</h2><ul class=\"answers\">");
            foreach (var a in answers) sb.Append("<li>").Append(E(a)).AppendLine("</li>");
            sb.AppendLine("</ul>");
        }
        sb.AppendLine("<h2 id=\"key\">Key results</h2>").Append(KeyTable.ToHtml("key-table"));
        sb.AppendLine("<h2 id=\"comparisons\">Comparisons with the baseline</h2>");
        sb.Append(ComparisonTable.Rows.Count > 0 ? ComparisonTable.ToHtml("comparisons") : "<p>Only one engine in this run: nothing to compare.</p>\n");
        sb.AppendLine("<h2 id=\"changepoints\">Change points in throughput (ED-PELT)</h2>");
        sb.Append(StallTable.Rows.Count > 0 ? StallTable.ToHtml("changepoints") : "<p>No change points detected.</p>\n");
        if (Failures().Any())
        {
            sb.AppendLine("<h2>Failed cells</h2><ul>");
            foreach (var f in Failures()) sb.Append("<li>").Append(E(f)).AppendLine("</li>");
            sb.AppendLine("</ul>");
        }
        foreach (var section in sections)
        {
            sb.Append("<h2 id=\"").Append(ChartCatalog.Slug(section)).Append("\">").Append(E(section)).AppendLine("</h2>");
            foreach (var c in Charts.Where(c => c.Section == section))
            {
                sb.Append("<figure id=\"").Append(E(Path.GetFileNameWithoutExtension(c.FileName))).AppendLine("\">");
                sb.Append(c.Svg);
                sb.Append("<figcaption>").Append(E(c.Title)).Append(" — charts/").Append(E(c.FileName)).AppendLine("</figcaption></figure>");
            }
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }
}
