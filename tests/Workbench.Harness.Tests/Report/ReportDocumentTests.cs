using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workbench.Harness.Report;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Tests.Report;

public sealed partial class ReportDocumentTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-report-" + Guid.NewGuid().ToString("N"));

    public ReportDocumentTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex SvgOpen();

    [Fact]
    public void Every_kind_of_chart_is_produced()
    {
        var doc = new ReportDocument(SyntheticResults.Make());
        var names = doc.Charts.Select(c => c.FileName).ToList();
        Assert.Contains("throughput-ycsb-a-load.svg", names);
        Assert.Contains("throughput-ycsb-a-run.svg", names);
        Assert.Contains("latency-ycsb-a-run-v8192-t1.svg", names);
        Assert.Contains("wa-ycsb-a-load.svg", names);
        Assert.Contains("space-amp.svg", names);
        Assert.Contains("timeseries-ycsb-a-load-v256-t1.svg", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var c in doc.Charts) XDocument.Parse(c.Svg);
    }

    [Fact]
    public void Throughput_bars_have_ci_whiskers_with_repeats_and_none_without()
    {
        var with = new ReportDocument(SyntheticResults.Make(repeats: 3)).Charts.First(c => c.FileName == "throughput-ycsb-a-run.svg");
        Assert.Equal(4, Regex.Count(with.Svg, "class=\"whisker\""));
        var without = new ReportDocument(SyntheticResults.Make(repeats: 1)).Charts.First(c => c.FileName == "throughput-ycsb-a-run.svg");
        Assert.DoesNotContain("class=\"whisker\"", without.Svg, StringComparison.Ordinal);
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
        var doc = new ReportDocument(SyntheticResults.Make());
        var md = doc.ToMarkdown();
        Assert.Contains(doc.KeyTable.Rows, r => r[4] == "fast" && r[^1].StartsWith("faster (", StringComparison.Ordinal));
        Assert.Contains(doc.ComparisonTable.Rows, r => r[1] == "fast" && r[2] == "READ latency" && r[3] == "faster");
        Assert.Contains(doc.StallTable.Rows, r => r[1] == "base" && r[5] == "yes");
        Assert.Contains("engine exploded", md, StringComparison.Ordinal);
        Assert.Contains(doc.Answers(), a => a.StartsWith("ycsb-a run, 256 B values, 1 thread: fastest fast (", StringComparison.Ordinal) && a.Contains("lowest WA fast", StringComparison.Ordinal) && a.Contains("highest WA base", StringComparison.Ordinal));
        Assert.Contains("](charts/throughput-ycsb-a-run.svg)", md, StringComparison.Ordinal);
        var ts = doc.Charts.First(c => c.FileName == "timeseries-ycsb-a-load-v256-t1.svg");
        Assert.Contains("class=\"vmarker\"", ts.Svg, StringComparison.Ordinal);
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
    public void Nines_axis_spaces_percentiles_by_decades_of_tail()
    {
        Assert.Equal(1, ChartCatalog.Nines(90), 9);
        Assert.Equal(2, ChartCatalog.Nines(99), 9);
        Assert.Equal(3, ChartCatalog.Nines(99.9), 6);
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
        Assert.Contains(g.Comparisons, c => c.Engine == "fast" && c.Metric.StartsWith("throughput", StringComparison.Ordinal) && c.Verdict == Verdict.Faster);
    }
}
