using System.Globalization;
using System.Text;
using Workbench.Harness.Charts;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// The report of a run as text: report.md (tables + links to the SVGs) and report.html (the same
/// with every chart inline — self-contained: no scripts, no external resources). The scorecard comes
/// first, the prose after it, then the charts, then the long tables folded in &lt;details&gt;. Every
/// verdict, the scorecard and the prose come from the same <see cref="Comparer"/> rule on the same
/// medians the tables show, so they cannot contradict the ops/s column. Built from the results only,
/// so `workbench report` can re-render it at any time.
/// </summary>
internal sealed partial class ReportDocument
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly RunResults _results;
    private readonly RunAnalysis _analysis;
    private readonly bool _multiThread;
    private readonly Dictionary<string, string> _layerOf; // workload label → the layer its cells ran at

    public ReportDocument(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _results = results;
        _analysis = RunAnalysis.Analyze(results);
        _multiThread = _analysis.Groups.Select(g => g.Key.Threads).Distinct().Count() > 1;
        _layerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in results.Cells) _layerOf.TryAdd(c.Workload, c.Layer);
        // The bytes figures of the top layers first: the SQL workloads open the report.
        Charts = [.. ByteCharts.Build(_analysis, results.MatrixFile).OrderBy(c => LayerRank(c.Figure)), .. LayerTaxCharts.Build(results, _analysis), .. ChartCatalog.Build(_analysis, results.MatrixFile), .. MigrationCharts.Build(results)];
        Scorecard = BuildScorecard();
        KeyTable = BuildKeyTable();
        ComparisonTable = BuildComparisonTable();
        StallTable = BuildStallTable();
        EnvironmentTable = BuildEnvironmentTable();
        EngineOptionsTable = BuildEngineOptionsTable();
        SqlLayerTable = BuildSqlLayerTable();
    }

    public RunAnalysis Analysis => _analysis;
    public IReadOnlyList<ReportChart> Charts { get; }
    public ReportTable Scorecard { get; }
    public ReportTable KeyTable { get; }
    public ReportTable ComparisonTable { get; }
    public ReportTable StallTable { get; }
    public ReportTable EnvironmentTable { get; }
    public ReportTable EngineOptionsTable { get; }

    /// <summary>Column of the key table holding the ops/s median, and of the verdict against the baseline.</summary>
    public const int KeyOpsColumn = 5;
    public const int KeyVerdictColumn = 17;

    private string Title => $"Workbench report — {_results.Matrix} ({_results.RunId})";

    private string Lede()
    {
        var ok = _results.Cells.Count(c => c.Succeeded);
        var failed = _results.Cells.Count - ok;
        var references = _analysis.Groups.SelectMany(g => g.Engines).Where(e => e.IsReference).Select(e => e.Engine).Distinct().ToList();
        return $"Matrix '{_results.Matrix}', layer {_results.Layer}: {ok} of {_results.PlannedCells.Count} cells finished" + (failed > 0 ? $", {failed} failed" : "") +
               $"; {_results.Repeat} repeat{(_results.Repeat == 1 ? "" : "s")} per cell; baseline {_results.Baseline}" +
               (references.Count > 0 ? $"; {string.Join(", ", references)} is a reference (in memory), not a contender" : "") + ".";
    }

    private IReadOnlyList<string> Method()
    {
        var facts = new List<string>
        {
            "Scorecard: per workload phase and value size, the contender with the best median on each measure wins only when its comparison with the runner-up is significant (one-sided Mann–Whitney, α = 0.05); otherwise \"no clear winner\" with the reason.",
            $"Throughput comparisons run on the one-second intervals of all repeats when every repeat of both engines has at least {Comparer.MinIntervals} of them, else on per-repeat ops/s (an exact rank test on per-repeat values needs at least 3 + 4 repeats to reach p < 0.05). p99 latency, WA and space amplification are compared per repeat. The ratio is always of the medians the tables show, and a test pointing the other way from them counts as no clear difference.",
            "One repeat gives no verdict (\"one run: not enough to compare\") — run-to-run variation on a shared machine can exceed the differences between engines; the ratio is still shown.",
            "WA (device) = growth of write_bytes in /proc/self/io over the phase after flushing ÷ user bytes (key + value written); WA (engine) = the engine's own bytes by write category ÷ user bytes; 'engine ÷ device' near 1.00 means the breakdown accounts for the device bytes. Space amp = engine bytes on disk ÷ live bytes. Latency: HdrHistogram, three significant digits.",
            Noise(),
        };
        if (_results.Machine.Count > 0)
            facts.Add("Machine: " + string.Join(", ", new[] { "cpu_model", "processors", "memory", "data_file_system", "kernel", "runtime", "commit" }
                .Where(_results.Machine.ContainsKey).Select(k => $"{k.Replace('_', ' ')} {_results.Machine[k]}")) + " (all of it, with the command line and every engine option: the tables at the end).");
        if (_results.PlannedCells.Count > _results.Cells.Count)
            facts.Add($"{_results.PlannedCells.Count - _results.Cells.Count} planned cells have no result yet (interrupted run: resume with `./run.sh matrix --resume results/{_results.RunId}`).");
        return facts;
    }

    /// <summary>How noisy the machine was: the coefficient of variation of ops/s across repeats.</summary>
    public string Noise()
    {
        var cvs = _analysis.Noise().ToList();
        if (cvs.Count == 0) return "Noise: unknown — every cell ran once, so run-to-run variation was not measured (use repeat ≥ 2).";
        var worst = cvs.MaxBy(x => x.Cv);
        var median = Estimators.SimpleMedian(cvs.Select(x => x.Cv).ToList());
        return $"Noise: the coefficient of variation of ops/s across repeats was {Pct(median)} in the median cell and at most {Pct(worst.Cv)} ({worst.Engine}, {worst.Group.Title}); differences smaller than that are not worth reading.";
    }

    private static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.0", C) + "%" : "—";

    private ReportTable BuildScorecard()
    {
        var header = new List<string> { "workload", "phase", "value size" };
        if (_multiThread) header.Add("threads");
        header.AddRange(["ops/s", "p99 latency (all operations)", "write amplification", "space amplification", "reference"]);
        var t = new ReportTable(header);
        foreach (var g in _analysis.Groups)
        {
            var row = new List<string> { g.Key.Workload, g.Key.Phase, GroupKey.SizeText(g.Key.ValueSize) };
            if (_multiThread) row.Add(g.Key.Threads.ToString(C));
            foreach (var m in new[] { Measure.Throughput, Measure.Latency, Measure.WriteAmp, Measure.SpaceAmp })
                row.Add(g.Scorecard.FirstOrDefault(e => e.Measure == m)?.Text ?? "—");
            var refs = g.Engines.Where(e => e.IsReference).ToList();
            row.Add(refs.Count == 0 ? "—" : string.Join("; ", refs.Select(e => $"{e.Engine}: {Num(e.Throughput.Median, 0)} ops/s, p99 {Num(e.P99, 1)} µs")));
            t.Add([.. row]);
        }
        return t;
    }

    private int LayerRank(string bytesFigure)
    {
        foreach (var (workload, layer) in _layerOf)
            if (ChartCatalog.Slug("bytes-" + workload) == bytesFigure)
                return Array.IndexOf(new[] { "sql", "txn", "raft", "engine" }, layer) is var i and >= 0 ? i : 4;
        return 4;
    }

    /// <summary>The layer a group's cells ran at ("engine" when unknown).</summary>
    public string LayerOf(GroupKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _layerOf.GetValueOrDefault(key.Workload, "engine");
    }

    /// <summary>
    /// The first screen: per layer (top of the stack first), one sentence per group with two or more
    /// contenders — the scorecard's verdicts and where the bytes went — plus one sentence per workload
    /// measured at several layers saying what the layers above cost.
    /// </summary>
    public IReadOnlyList<(string Layer, IReadOnlyList<string> Lines)> AnswersByLayer()
    {
        var all = Answers();
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var layer in new[] { "sql", "txn", "raft", "engine" }.Concat(all.Select(a => a.Layer)).Distinct())
        {
            var lines = all.Where(a => a.Layer == layer).Select(a => a.Line).ToList();
            if (lines.Count > 0) result.Add((layer, lines));
        }
        var tax = LayerTaxSentences();
        if (tax.Count > 0) result.Add(("across layers", tax));
        return result;
    }

    /// <summary>
    /// The first screen: one sentence per layer (top of the stack first) summarizing its groups with
    /// two or more contenders — which engine had the best median ops/s and p99 most often, by how much
    /// against the baseline, and which wrote the fewest and most device bytes per user byte (with the
    /// cause) — plus one per workload measured at several layers. Built from the same scorecard
    /// entries and medians as the tables; with one repeat it says that no verdict is claimed.
    /// </summary>
    public IReadOnlyList<(string Layer, string Line)> Headlines()
    {
        var result = new List<(string, string)>();
        var contested = _analysis.Groups.Where(g => g.Engines.Count(e => !e.IsReference) >= 2).ToList();
        foreach (var layer in new[] { "sql", "txn", "raft", "engine" }.Concat(contested.Select(g => LayerOf(g.Key))).Distinct())
        {
            var all = contested.Where(g => LayerOf(g.Key) == layer).ToList();
            var groups = all.Where(g => !IsSetupPhase(g.Key.Phase)).ToList();
            if (groups.Count == 0) groups = all;
            if (groups.Count == 0) continue;
            var parts = new List<string>();
            var names = string.Join("; ", groups.GroupBy(g => (g.Key.Workload, g.Key.Phase)).Select(x => $"{x.Key.Workload} {x.Key.Phase}" +
                (x.Select(g => g.Key.ValueSize).Distinct().Count() > 1 || x.First().Key.ValueSize > 0 ? " at " + string.Join(", ", x.Select(g => GroupKey.SizeText(g.Key.ValueSize)).Distinct()) : "")));
            parts.Add(MostOften(groups, Measure.Throughput, "highest ops/s", useRatio: true));
            parts.Add(MostOften(groups, Measure.Latency, "lowest p99", useRatio: false));
            var bytes = groups.SelectMany(g => g.Engines.Where(e => !e.IsReference && e.UserBytesWritten > 0).Select(e => (e.Engine, Wa: e.ComparableWriteAmp, Summary: e))).Where(x => x.Wa is { } w && double.IsFinite(w)).ToList();
            if (bytes.Select(b => b.Engine).Distinct().Count() >= 2)
            {
                var perEngine = bytes.GroupBy(b => b.Engine).Select(x => (Engine: x.Key, Median: Estimators.SimpleMedian(x.Select(b => b.Wa!.Value).ToList()), Worst: x.MaxBy(b => b.Wa)!.Summary)).ToList();
                var least = perEngine.MinBy(x => x.Median);
                var most = perEngine.MaxBy(x => x.Median);
                var cause = ByteSources.PerUserByte(most.Worst).Where(kv => kv.Value > 0).MaxBy(kv => kv.Value);
                parts.Add($"fewest device bytes per user byte: {least.Engine} (median {Num(least.Median, 1)}), most: {most.Engine} ({Num(most.Median, 1)}" + (cause.Key is null ? ")" : $", mostly {cause.Key})"));
            }
            var significant = groups.Sum(g => g.Scorecard.Count(e => e.Winner is not null));
            var oneRun = groups.All(g => g.Scorecard.All(e => e.Decisive is null or { Verdict: Verdict.OneRun }));
            parts.Add(oneRun ? "one run: ratios only, no verdict claimed" : $"{significant} significant verdict{(significant == 1 ? "" : "s")} (scorecard below)");
            result.Add((layer, $"{names}: " + string.Join("; ", parts.Where(x => x.Length > 0)) + "."));
        }
        var across = new List<string>();
        foreach (var (title, points) in LayerTaxCharts.Find(_results, _analysis).Where(x => !IsSetupPhase(x.Points[0].Group.Key.Phase)))
        {
            var lo = points[0];
            var hi = points[^1];
            var ratios = hi.Group.Engines.Select(e => (e.Engine, Hi: e, Lo: lo.Group.Engines.FirstOrDefault(s => s.Engine == e.Engine)))
                .Where(x => x.Lo is { } l && l.Throughput.Median > 0 && x.Hi.Throughput.Median > 0).Select(x => (x.Engine, R: x.Hi.Throughput.Median / x.Lo!.Throughput.Median, P: x.Hi.P99 / x.Lo!.P99)).ToList();
            if (ratios.Count == 0) continue;
            var keeps = ratios.MaxBy(x => x.R);
            var loses = ratios.MinBy(x => x.R);
            across.Add($"{title} ({string.Join(" → ", points.Select(p => p.Layer))}): ops/s × {Num(loses.R, 3)} ({loses.Engine}) to × {Num(keeps.R, 3)} ({keeps.Engine}) from {lo.Layer} to {hi.Layer}, p99 × {Num(ratios.Min(x => x.P ?? double.NaN), 0)}–{Num(ratios.Max(x => x.P ?? double.NaN), 0)}");
        }
        if (across.Count > 0) result.Add(("across layers", string.Join("; ", across) + " (layer-tax chart below)."));
        return result;
    }

    private static bool IsSetupPhase(string phase) => phase is "load" or "prepare" or "cleanup";

    // "highest ops/s: titan in 2 of 3 (median 1.25× rocksdb)": the scorecard's best median per group, counted.
    private string MostOften(List<GroupAnalysis> groups, Measure measure, string what, bool useRatio)
    {
        var bests = groups.Select(g => (g, Best: g.Scorecard.FirstOrDefault(e => e.Measure == measure)?.Best)).Where(x => x.Best is not null).ToList();
        if (bests.Count == 0) return "";
        var top = bests.GroupBy(x => x.Best!).OrderByDescending(x => x.Count()).First();
        var text = $"{what}: {top.Key} in {top.Count()} of {bests.Count}";
        if (useRatio && top.Key != _analysis.Baseline)
        {
            var r = top.Select(x => (x.g.Engines.FirstOrDefault(e => e.Engine == top.Key), x.g.Engines.FirstOrDefault(e => e.Engine == _analysis.Baseline)))
                .Where(x => x.Item1 is not null && x.Item2 is { Throughput.Median: > 0 }).Select(x => x.Item1!.Throughput.Median / x.Item2!.Throughput.Median).ToList();
            if (r.Count > 0) text += $" (median {Num(Estimators.SimpleMedian(r), 2)}× {_analysis.Baseline})";
        }
        return text;
    }

    private static string LayerHeading(string layer) => layer == "across layers" ? "Across layers (what the layers above the engine cost)" : "Layer " + layer;

    /// <summary>For each workload run at two layers or more: per engine, the ops/s and p99 at the lowest and highest layer.</summary>
    private List<string> LayerTaxSentences()
    {
        var lines = new List<string>();
        var across = new List<string>();
        foreach (var (title, points) in LayerTaxCharts.Find(_results, _analysis).Where(x => !IsSetupPhase(x.Points[0].Group.Key.Phase)))
        {
            var lo = points[0];
            var hi = points[^1];
            var parts = new List<string>();
            foreach (var e in hi.Group.Engines)
                if (lo.Group.Engines.FirstOrDefault(s => s.Engine == e.Engine) is { } low && low.Throughput.Median > 0)
                    parts.Add($"{e.Engine} {Num(low.Throughput.Median, 0)} → {Num(e.Throughput.Median, 0)} ops/s (× {Num(e.Throughput.Median / low.Throughput.Median, 2)}), p99 {Num(low.P99, 0)} → {Num(e.P99, 0)} µs");
            if (parts.Count > 0) lines.Add($"{title}, layer {lo.Layer} → {hi.Layer}: " + string.Join("; ", parts) + ".");
        }
        return lines;
    }

    /// <summary>One line per group with two or more engines, from the scorecard's verdicts and the byte breakdown that explains them.</summary>
    public IReadOnlyList<(string Layer, string Line)> Answers()
    {
        var lines = new List<(string, string)>();
        // Setup phases (load, prepare, cleanup) after the measured ones, so the first lines of a layer are its workloads' main phases.
        foreach (var g in _analysis.Groups.Where(g => g.Engines.Count(e => !e.IsReference) >= 2).OrderBy(g => g.Key.Phase is "load" or "prepare" or "cleanup" ? 1 : 0))
        {
            var parts = new List<string>();
            foreach (var entry in g.Scorecard)
            {
                var what = entry.Measure switch
                {
                    Measure.Throughput => "ops/s",
                    Measure.Latency => "p99",
                    Measure.WriteAmp => "WA",
                    _ => "space amp",
                };
                var best = g.Engines.First(e => e.Engine == entry.Best);
                var value = entry.Measure switch
                {
                    Measure.Throughput => $"{Num(best.Throughput.Median, 0)} ops/s",
                    Measure.Latency => $"{Num(best.P99, 1)} µs",
                    _ => Num(best.Value(entry.Measure), 2),
                };
                if (entry.Winner is not null && entry.Decisive is { } d)
                    parts.Add($"{what}: {entry.Winner} wins ({value}, {d.RatioText} the runner-up {d.Other}, p {Comparison.PText(d.PValue)})");
                else if (entry.Decisive is { Verdict: Verdict.OneRun } one)
                    parts.Add($"{what}: best {entry.Best} ({value}, {one.RatioText} {one.Other}; one run, no verdict)");
                else if (entry.Decisive is { } nd)
                    parts.Add($"{what}: no clear winner ({nd.VerdictText}; best median {entry.Best} at {value}, {nd.RatioText} {nd.Other})");
            }
            var writers = g.Engines.Where(e => !e.IsReference && e.UserBytesWritten > 0 && ByteSources.PerUserByte(e).Count > 0).ToList();
            if (writers.Count >= 2)
            {
                // Device WA where measured (the figure the tables and the bytes chart show), else the counted bytes.
                double Total(EngineSummary e) => e.ComparableWriteAmp ?? ByteSources.PerUserByte(e).Values.Sum();
                var worst = writers.MaxBy(Total)!;
                var least = writers.MinBy(Total)!;
                var causes = ByteSources.PerUserByte(worst).Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(3)
                    .Select(kv => $"{kv.Key} {Num(kv.Value, 2)}");
                parts.Add($"most bytes written per user byte: {worst.Engine} ({Num(Total(worst), 2)}, mostly {string.Join(", ", causes)}), least: {least.Engine} ({Num(Total(least), 2)})" +
                          (ByteSources.ExplainedShare(worst) is { } share ? $"; {Pct(share)} of {worst.Engine}'s device bytes explained" : ""));
            }
            lines.Add((LayerOf(g.Key), $"{g.Key.Title}: " + string.Join("; ", parts) + "."));
        }
        return lines;
    }

    private ReportTable BuildKeyTable()
    {
        var t = new ReportTable(["workload", "phase", "value size", "threads", "engine", "ops/s (median)", "95% CI", "CV across repeats", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "WA device", "WA engine", "engine ÷ device", "explained share", "space amp", "vs baseline (ops/s)"]);
        foreach (var g in _analysis.Groups)
            foreach (var s in g.Engines)
            {
                var lat = s.Phases.Select(p => p.LatencyMicros).ToList();
                string L(string k) => Num(Estimators.SimpleMedian(lat.Where(d => d.ContainsKey(k)).Select(d => d[k]).ToList()), 1);
                var cmp = g.Comparisons.FirstOrDefault(c => c.Engine == s.Engine && c.Measure == Measure.Throughput);
                var vs = s.Engine == _analysis.Baseline ? "(baseline)" : cmp is null ? "—" : cmp.Summary;
                var tp = s.Throughput;
                t.Add(g.Key.Workload, g.Key.Phase, GroupKey.SizeText(g.Key.ValueSize), g.Key.Threads.ToString(C), s.IsReference ? s.Engine + " (reference)" : s.Engine,
                    Num(tp.Median, 0), tp.HasInterval ? $"[{Num(tp.Lower, 0)}, {Num(tp.Upper, 0)}]" : "—", Pct(s.ThroughputCv),
                    L("p50"), L("p99"), L("p999"), L("max"),
                    s.UserBytesWritten > 0 ? Num(s.WriteAmp, 2) : "—", s.UserBytesWritten > 0 ? Num(s.EngineWriteAmp, 2) : "—",
                    // DESIGN.md §4: the engine's breakdown should add up to the device figure within a few percent.
                    s.WriteAmp is > 0 && s.EngineWriteAmp is { } ewa ? Num(ewa / s.WriteAmp.Value, 2) : "—",
                    // Attributed ÷ device bytes (the cell's own figure, median over repeats; goal ≥ 95%): every cell's, so a low one is seen.
                    ByteSources.ExplainedShare(s) is { } share ? Pct(share)
                        : s.Phases.Select(p => p.ExplainedShareNote).FirstOrDefault(n => n is not null) is { } note ? "n/a: " + note : "—",
                    Num(s.SpaceAmp, 2), vs);
            }
        return t;
    }

    private ReportTable BuildComparisonTable()
    {
        var t = new ReportTable(["group", "engine", "measure", "verdict vs baseline", "ratio (engine / baseline)", "p-value", "tested on", "values (engine / baseline)"]);
        foreach (var g in _analysis.Groups)
            foreach (var c in g.Comparisons)
                t.Add(g.Key.Title, c.Engine, c.Label, c.VerdictText, c.RatioText, Comparison.PText(c.PValue), c.Basis, $"{c.EngineValues} / {c.OtherValues}");
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

    private ReportTable BuildEnvironmentTable()
    {
        var t = new ReportTable(["what", "value"]);
        foreach (var (k, v) in _results.Machine) t.Add(k.Replace('_', ' '), v);
        if (_results.MatrixFile is { } f) t.Add("matrix file", f);
        t.Add("created (UTC)", _results.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", C));
        return t;
    }

    private ReportTable BuildEngineOptionsTable()
    {
        var t = new ReportTable(["engine", "catalog name", "options as given", "every option as resolved (defaults included)"]);
        foreach (var c in _results.Cells.Where(c => c.Succeeded).GroupBy(c => c.EngineLabel).Select(x => x.First()))
            t.Add(c.EngineLabel, c.Engine, Options(c.EngineOptions), c.EngineOptionsResolved.Count > 0 ? Options(c.EngineOptionsResolved) : "— (not recorded by this results file)");
        return t;
    }

    private static string Options(Dictionary<string, string> o) => o.Count == 0 ? "—" : string.Join(", ", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Num(double? v, int decimals) => v is { } d && double.IsFinite(d) ? d.ToString("N" + decimals.ToString(C), C) : "—";

    private IEnumerable<string> Failures() => _results.Cells.Where(c => !c.Succeeded).Select(c => $"{c.CellId}: {c.Error}");

    private IReadOnlyList<string> Sections() => Charts.Select(c => c.Section).Distinct().ToList();

    private IEnumerable<(string Id, string Title, ReportTable Table, string Empty)> FoldedTables()
    {
        if (SqlLayerTable.Rows.Count > 0) yield return ("sql-layer", "Layer sql: sysbench's figures and where the bytes went, per layer", SqlLayerTable, "");
        if (ProcessTable.Rows.Count > 0) yield return ("processes", "Cells on processes (tcp): device bytes of every PD, node and SQL server process", ProcessTable, "");
        yield return ("key", "Key results per engine", KeyTable, "No finished cells.");
        yield return ("comparisons", "Every comparison with the baseline", ComparisonTable, "Only one engine in this run: nothing to compare.");
        yield return ("changepoints", "Change points in throughput (ED-PELT)", StallTable, "No change points detected.");
        yield return ("environment", "Reproducibility: machine, commit, command line", EnvironmentTable, "Not recorded.");
        yield return ("engine-options", "Reproducibility: engine options", EngineOptionsTable, "No finished cells.");
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Title).AppendLine();
        sb.AppendLine(Lede()).AppendLine();
        var answers = AnswersByLayer();
        sb.AppendLine("## Which engine, and why").AppendLine();
        if (answers.Count == 0) sb.AppendLine("Fewer than two contenders in every group: nothing to choose between.");
        foreach (var (layer, line) in Headlines()) sb.Append("- **").Append(LayerHeading(layer)).Append("** — ").AppendLine(line);
        sb.AppendLine();
        foreach (var (layer, lines) in answers)
        {
            sb.Append("### ").AppendLine(LayerHeading(layer)).AppendLine();
            foreach (var a in lines) sb.Append("- ").AppendLine(a);
            sb.AppendLine();
        }
        ChartsMarkdown(sb, ByteCharts.Section);
        sb.AppendLine("## Scorecard").AppendLine().Append(Scorecard.ToMarkdown()).AppendLine();
        sb.AppendLine("## How to read this report").AppendLine();
        foreach (var f in Method()) sb.Append("- ").AppendLine(f);
        sb.AppendLine();
        if (Failures().Any())
        {
            sb.AppendLine("## Failed cells").AppendLine();
            foreach (var f in Failures()) sb.Append("- ").AppendLine(f);
            sb.AppendLine();
        }
        foreach (var section in Sections().Where(s => s != ByteCharts.Section))
            ChartsMarkdown(sb, section);
        foreach (var (_, title, table, empty) in FoldedTables())
        {
            sb.Append("## ").AppendLine(title).AppendLine();
            sb.Append(table.Rows.Count > 0 ? table.ToMarkdown() : empty + "\n").AppendLine();
        }
        return sb.ToString();
    }

    private void ChartsMarkdown(StringBuilder sb, string section)
    {
        if (!Charts.Any(c => c.Section == section)) return;
        sb.Append("## ").AppendLine(section).AppendLine();
        foreach (var figure in Charts.Where(c => c.Section == section).GroupBy(c => c.Figure))
        {
            foreach (var c in figure) sb.Append("![").Append(c.FileName).Append("](charts/").Append(c.FileName).AppendLine(")");
            sb.AppendLine().AppendLine(figure.First().Caption);
            if (figure.First().Reproduce.Length > 0) sb.AppendLine().Append('`').Append(figure.First().Reproduce).AppendLine("`");
            sb.AppendLine();
        }
    }

    private void ChartsHtml(StringBuilder sb, string section)
    {
        static string E(string s) => SvgFormat.Escape(s);
        sb.Append("<section id=\"").Append(ChartCatalog.Slug(section)).Append("\"><h2>").Append(E(section)).AppendLine("</h2>");
        foreach (var figure in Charts.Where(c => c.Section == section).GroupBy(c => c.Figure))
        {
            sb.Append("<figure id=\"").Append(E(figure.Key)).AppendLine("\"><div class=\"panels\">");
            foreach (var c in figure) sb.Append(c.Svg).AppendLine();
            sb.Append("</div><figcaption>").Append(E(figure.First().Caption));
            if (figure.First().Reproduce.Length > 0) sb.Append("<br><code class=\"reproduce\">").Append(E(figure.First().Reproduce)).Append("</code>");
            sb.Append("<br><span class=\"files\">").Append(E(string.Join(", ", figure.Select(c => "charts/" + c.FileName)))).AppendLine("</span></figcaption></figure>");
        }
        sb.AppendLine("</section>");
    }

    public string ToHtml()
    {
        static string E(string s) => SvgFormat.Escape(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(E(Title)).AppendLine("</title>");
        sb.AppendLine("""
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 16px auto; max-width: 1240px; padding: 0 12px; color: #222; }
            h1 { font-size: 22px; margin: 4px 0 6px; } h2 { font-size: 18px; margin: 22px 0 8px; }
            p.lede { margin: 0 0 10px; color: #444; }
            table { border-collapse: collapse; margin: 6px 0 16px; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; vertical-align: top; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f0f0f0; }
            table.scorecard td.win { background: #e7f4ea; font-weight: 600; }
            table.scorecard td.none { color: #666; }
            .scroll { overflow-x: auto; max-width: 100%; }
            figure { margin: 10px 0 22px; }
            figure .panels { display: flex; flex-wrap: wrap; gap: 8px; }
            svg.chart { max-width: 100%; height: auto; }
            figcaption { font-size: 12px; color: #555; max-width: 1100px; }
            figcaption code.reproduce { font-size: 11px; color: #333; background: #f4f4f4; padding: 1px 4px; overflow-wrap: anywhere; }
            figcaption .files { color: #888; font-size: 11px; }
            ul.answers li, ul.headlines li { margin: 3px 0; } ul.headlines { font-size: 14px; margin: 4px 0; } h3 { font-size: 15px; margin: 12px 0 4px; }
            nav { margin: 8px 0; font-size: 14px; } nav a { margin-right: 14px; }
            details { margin: 6px 0; } summary { cursor: pointer; font-weight: 600; }
            </style>
            """);
        sb.AppendLine("</head><body>");
        sb.Append("<h1>").Append(E(Title)).AppendLine("</h1>");
        sb.Append("<p class=\"lede\">").Append(E(Lede())).AppendLine("</p>");

        var answers = AnswersByLayer();
        var headlines = Headlines();
        sb.AppendLine("<section id=\"findings\"><h2>Which engine, and why</h2>");
        if (headlines.Count == 0) sb.AppendLine("<p>Fewer than two contenders in every group: nothing to choose between.</p>");
        else
        {
            sb.AppendLine("<ul class=\"headlines\">");
            foreach (var (layer, line) in headlines)
                sb.Append("<li><b>").Append(E(LayerHeading(layer))).Append("</b> — ").Append(E(line)).AppendLine("</li>");
            sb.AppendLine("</ul>");
        }
        if (answers.Count > 0)
        {
            // The first screen stays short: every group in words is one click away.
            sb.AppendLine("<details id=\"every-group\"><summary>Every group in words (verdicts and where the bytes went, per workload phase and value size)</summary>");
            foreach (var (layer, lines) in answers)
            {
                sb.Append("<h3>").Append(E(LayerHeading(layer))).AppendLine("</h3><ul class=\"answers\">");
                foreach (var a in lines) sb.Append("<li>").Append(E(a)).AppendLine("</li>");
                sb.AppendLine("</ul>");
            }
            sb.AppendLine("</details>");
        }
        sb.AppendLine("</section>");
        var sections = Sections();
        if (sections.Contains(ByteCharts.Section)) ChartsHtml(sb, ByteCharts.Section);

        sb.AppendLine("<section id=\"scorecard\"><h2>Scorecard</h2>");
        sb.AppendLine("<div class=\"scroll\">").Append(ScorecardHtml()).AppendLine("</div>");
        sb.AppendLine("<p class=\"note\">A winner is named only where the difference is significant; how it is decided: “How to read this report” below.</p></section>");

        sb.Append("<nav>");
        sb.Append("<a href=\"#findings\">Which engine, and why</a><a href=\"#scorecard\">Scorecard</a><a href=\"#method\">How to read</a>");
        foreach (var s in sections) sb.Append("<a href=\"#").Append(ChartCatalog.Slug(s)).Append("\">").Append(E(s)).Append("</a>");
        sb.AppendLine("<a href=\"#tables\">Tables</a></nav>");

        sb.AppendLine("<section id=\"method\"><h2>How to read this report</h2><ul class=\"facts\">");
        foreach (var f in Method()) sb.Append("<li>").Append(E(f)).AppendLine("</li>");
        sb.AppendLine("</ul></section>");
        if (Failures().Any())
        {
            sb.AppendLine("<section id=\"failures\"><h2>Failed cells</h2><ul>");
            foreach (var f in Failures()) sb.Append("<li>").Append(E(f)).AppendLine("</li>");
            sb.AppendLine("</ul></section>");
        }
        foreach (var section in sections.Where(s => s != ByteCharts.Section))
            ChartsHtml(sb, section);
        sb.AppendLine("<section id=\"tables\"><h2>Tables</h2>");
        foreach (var (id, title, table, empty) in FoldedTables())
        {
            sb.Append("<details id=\"").Append(id).Append("\"><summary>").Append(E(title)).AppendLine("</summary>");
            sb.Append(table.Rows.Count > 0 ? "<div class=\"scroll\">" + table.ToHtml(id + "-table") + "</div>" : $"<p>{E(empty)}</p>").AppendLine("</details>");
        }
        sb.AppendLine("</section>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    // The scorecard's cells are marked: a winner (class "win") or no clear winner ("none").
    private string ScorecardHtml()
    {
        var html = Scorecard.ToHtml("scorecard");
        var sb = new StringBuilder(html.Length + 256);
        foreach (var line in html.Split('\n'))
            sb.Append(line.Replace("<td>no clear winner", "<td class=\"none\">no clear winner", StringComparison.Ordinal)).Append('\n');
        var text = sb.ToString().TrimEnd('\n') + "\n";
        foreach (var g in _analysis.Groups)
            foreach (var e in g.Scorecard.Where(e => e.Winner is not null))
                text = text.Replace("<td>" + SvgFormat.Escape(e.Text) + "</td>", "<td class=\"win\">" + SvgFormat.Escape(e.Text) + "</td>", StringComparison.Ordinal);
        return text;
    }
}
