using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workbench.Harness.Report;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Tests.Report;

public sealed partial class ReportDocumentTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "workbench-report-" + Guid.NewGuid().ToString("N"))).FullName;


    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex SvgOpen();

    [Fact]
    public void Every_kind_of_chart_is_produced()
    {
        var doc = new ReportDocument(SyntheticResults.Make());
        var names = doc.Charts.Select(c => c.FileName).ToList();
        Assert.Contains("throughput-ycsb-a-load-v256-t1.svg", names);
        Assert.Contains("throughput-ycsb-a-run-v8192-t1.svg", names);
        Assert.Contains("latency-ycsb-a-run-v8192-t1-read.svg", names);
        Assert.Contains("latency-ycsb-a-run-v8192-t1-update.svg", names);
        Assert.Contains("wa-ycsb-a-load.svg", names);
        Assert.Contains("space-amp.svg", names);
        Assert.Contains("timeseries-ycsb-a-load-v256-t1.svg", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var c in doc.Charts)
        {
            var svg = XDocument.Parse(c.Svg).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.NotEmpty((string?)svg.Attribute("data-x-label") ?? "");
            Assert.NotEmpty((string?)svg.Attribute("data-legend") ?? "");
            // Skia's per-glyph position lists (with their trailing comma) are reduced to one position.
            Assert.DoesNotMatch(" x=\"[^\"]*,", c.Svg);
        }
    }

    [Fact]
    public void Latency_is_small_multiples_one_panel_per_operation()
    {
        var doc = new ReportDocument(SyntheticResults.Make());
        var panels = doc.Charts.Where(c => c.Figure == "latency-ycsb-a-run-v256-t1").ToList();
        Assert.Equal(2, panels.Count);
        foreach (var p in panels)
        {
            Assert.Contains(">p99.9</text>", p.Svg, StringComparison.Ordinal);
            Assert.Contains(">max</text>", p.Svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_engine_has_one_colour_in_every_chart()
    {
        var doc = new ReportDocument(SyntheticResults.Make());
        var palette = new Workbench.Harness.Charts.EnginePalette(doc.Analysis.EngineOrder);
        foreach (var c in doc.Charts.Where(c => c.Section == ChartCatalog.ThroughputSection))
        {
            Assert.Contains($"fill=\"{palette.Hex("base")}\"", c.Svg, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"fill=\"{palette.Hex("fast")}\"", c.Svg, StringComparison.OrdinalIgnoreCase);
        }
        Assert.NotEqual(palette.Hex("base"), palette.Hex("fast"));
    }

    [Fact]
    public void Short_phases_get_no_time_series()
    {
        var doc = new ReportDocument(SyntheticResults.Crafted(repeats: 2, intervals: 2, seed: 1));
        Assert.DoesNotContain(doc.Charts, c => c.Section == ChartCatalog.TimeSeriesSection);
        var longer = new ReportDocument(SyntheticResults.Crafted(repeats: 2, intervals: ChartCatalog.MinSeriesIntervals, seed: 1));
        Assert.Contains(longer.Charts, c => c.Section == ChartCatalog.TimeSeriesSection);
    }

    [Fact]
    public void Html_is_self_contained_with_every_chart_inline()
    {
        var doc = new ReportDocument(SyntheticResults.Make());
        var html = doc.ToHtml();
        Assert.Equal(doc.Charts.Count, SvgOpen().Count(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // The only URL is the SVG namespace name, which browsers never fetch.
        var urls = Regex.Matches(html, "https?://[^\"' )]+").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(new[] { "http://www.w3.org/2000/svg" }, urls);
        Assert.Contains("synthetic &lt;&amp;&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdicts_stalls_and_failures_are_in_the_text()
    {
        var doc = new ReportDocument(SyntheticResults.Make(repeats: 4));
        var md = doc.ToMarkdown();
        Assert.Contains(doc.KeyTable.Rows, r => r[4] == "fast" && r[ReportDocument.KeyVerdictColumn].StartsWith("faster (", StringComparison.Ordinal));
        Assert.Contains(doc.ComparisonTable.Rows, r => r[1] == "fast" && r[2] == "READ p99 latency" && r[3] == "lower latency");
        Assert.Contains(doc.StallTable.Rows, r => r[1] == "base" && r[5] == "yes");
        Assert.Contains("engine exploded", md, StringComparison.Ordinal);
        Assert.Contains(doc.Answers().Select(a => a.Line), a => a.StartsWith("ycsb-a run, 256 B values, 1 thread: ops/s: fast wins (", StringComparison.Ordinal));
        Assert.Contains("](charts/throughput-ycsb-a-run-v256-t1.svg)", md, StringComparison.Ordinal);
        Assert.StartsWith("# ", md, StringComparison.Ordinal);
        // The first screen answers first, then shows where the bytes went, then the scorecard.
        Assert.True(md.IndexOf("## Which engine", StringComparison.Ordinal) < md.IndexOf("## Where every byte came from", StringComparison.Ordinal));
        Assert.True(md.IndexOf("## Where every byte came from", StringComparison.Ordinal) < md.IndexOf("## Scorecard", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 1)]
    [InlineData(2, 30)]
    [InlineData(3, 2)]
    [InlineData(5, 1)]
    [InlineData(5, 30)]
    public void No_verdict_disagrees_with_the_ops_column(int repeats, int intervals)
    {
        var seed = TestSeed.Fixed(output, 23);
        var doc = new ReportDocument(SyntheticResults.Crafted(repeats, intervals, seed));
        var rows = doc.KeyTable.Rows;
        static double Ops(string[] r) => double.Parse(r[ReportDocument.KeyOpsColumn], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            var verdict = r[ReportDocument.KeyVerdictColumn];
            output.WriteLine($"{r[1]} {r[2]} {r[4]}: {r[ReportDocument.KeyOpsColumn]} ops/s — {verdict}");
            if (r[4] == "base") continue;
            var baseline = rows.Single(b => b[2] == r[2] && b[4] == "base");
            if (verdict.StartsWith("faster", StringComparison.Ordinal)) Assert.True(Ops(r) > Ops(baseline), $"{r[4]} called faster at {r[5]} vs {baseline[5]}");
            if (verdict.StartsWith("slower", StringComparison.Ordinal)) Assert.True(Ops(r) < Ops(baseline), $"{r[4]} called slower at {r[5]} vs {baseline[5]}");
            if (repeats == 1)
            {
                Assert.StartsWith("one run: not enough to compare (", verdict, StringComparison.Ordinal);
                Assert.DoesNotContain("p ", verdict, StringComparison.Ordinal);
            }
        }
        // The tricky engine's intervals are higher but its ops/s lower: never "faster".
        Assert.DoesNotContain(rows, r => r[4] == "tricky" && r[ReportDocument.KeyVerdictColumn].StartsWith("faster", StringComparison.Ordinal));
        // A scorecard winner is the contender with the highest ops/s of its group, and never the reference.
        foreach (var g in doc.Analysis.Groups)
        {
            var tp = g.Scorecard.Single(e => e.Measure == Measure.Throughput);
            var top = rows.Where(r => r[2] == GroupKey.SizeText(g.Key.ValueSize) && !r[4].EndsWith("(reference)", StringComparison.Ordinal)).MaxBy(Ops)!;
            Assert.Equal(top[4], tp.Best);
            if (tp.Winner is not null) Assert.Equal(top[4], tp.Winner);
            if (repeats == 1) Assert.All(g.Scorecard, e => Assert.Null(e.Winner));
            Assert.All(g.Scorecard, e => Assert.NotEqual("memory-durable", e.Winner));
        }
        foreach (var (_, line) in doc.Answers())
            foreach (var g in doc.Analysis.Groups.Where(g => line.StartsWith(g.Key.Title, StringComparison.Ordinal)))
                if (g.Scorecard.Single(e => e.Measure == Measure.Throughput).Winner is null) Assert.DoesNotContain("ops/s: " + "fast wins", line, StringComparison.Ordinal);
        if (repeats >= 5 && intervals >= 3)
        {
            // Enough data: the clearly faster engine is named, and the noise is reported.
            Assert.Contains(doc.Analysis.Groups, g => g.Scorecard.Single(e => e.Measure == Measure.Throughput).Winner == "fast");
            Assert.Contains("coefficient of variation", doc.Noise(), StringComparison.Ordinal);
        }
        if (repeats == 1) Assert.StartsWith("Noise: unknown", doc.Noise(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reproducibility_facts_are_in_the_report()
    {
        var results = SyntheticResults.Make();
        results.Machine["commit"] = "abc123";
        results.Machine["command_line"] = "workbench matrix m.yaml";
        results.Cells[0].EngineOptionsResolved["durable"] = "True";
        var html = new ReportDocument(results).ToHtml();
        Assert.Contains("abc123", html, StringComparison.Ordinal);
        Assert.Contains("workbench matrix m.yaml", html, StringComparison.Ordinal);
        Assert.Contains("durable=True", html, StringComparison.Ordinal);
        Assert.Contains("<details id=\"engine-options\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_renders_files_and_rerendering_is_identical()
    {
        ResultsStore.Save(_dir, SyntheticResults.Make());
        var html = ReportWriter.Write(_dir);
        var first = File.ReadAllText(html);
        var svgs = Directory.GetFiles(Path.Combine(_dir, "charts"), "*.svg");
        Assert.Equal(new ReportDocument(ResultsStore.Load(_dir)).Charts.Count, svgs.Length);
        Assert.True(File.Exists(Path.Combine(_dir, "report.md")));
        ReportWriter.Write(_dir);
        Assert.Equal(first, File.ReadAllText(html));
    }

    [Fact]
    public void Report_verb_rerenders_from_results_json()
    {
        ResultsStore.Save(_dir, SyntheticResults.Make());
        var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("report", _dir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("report.html", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "report.html")));
        var (bad, _, err) = Cli.WorkbenchProcessTests.Run("report", Path.Combine(_dir, "nope"));
        Assert.Equal(2, bad);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Analysis_uses_the_baseline_and_skips_failed_cells()
    {
        var a = RunAnalysis.Analyze(SyntheticResults.Make());
        Assert.Equal("base", a.Baseline);
        Assert.All(a.Groups, g => Assert.DoesNotContain(g.Engines, e => e.Engine == "broken"));
        var g = a.Groups.First(x => x.Key.Phase == "run" && x.Key.ValueSize == 256);
        var fast = g.Engines.Single(e => e.Engine == "fast");
        Assert.True(fast.Throughput.HasInterval);
        Assert.Equal(1.0, fast.WriteAmpByCategory["wal"], 3);
        Assert.Contains(g.Comparisons, c => c.Engine == "fast" && c.Measure == Measure.Throughput && c.Verdict == Verdict.Better);
    }
}
