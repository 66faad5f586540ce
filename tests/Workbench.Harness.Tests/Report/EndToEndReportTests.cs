using Workbench.Harness.Report;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Report;

/// <summary>
/// The end-to-end parts of the report (issue 15 item 4): the first screen per layer, the
/// "where every byte came from" chart (attribution when recorded, engine categories otherwise, the
/// unexplained rest shown), the layer-tax chart across layers, and the reproduce command on every figure.
/// </summary>
public sealed class EndToEndReportTests
{
    /// <summary>The same YCSB-A at layer engine and layer sql for two engines, one repeat; optionally with attribution.</summary>
    internal static RunResults Layered(bool attributed, string? matrixFile = "/nowhere/m.yaml")
    {
        var cells = new List<CellResult>();
        foreach (var (layer, label, speed) in new[] { ("engine", "a-engine", 10.0), ("sql", "a-sql", 1.0) })
            foreach (var (engine, factor) in new[] { ("rocksdb", 1.0), ("titan", 1.5) })
            {
                long user = 100_000;
                var p = new PhaseResult
                {
                    Phase = "run",
                    Ops = 1000,
                    Seconds = 1,
                    OpsPerSec = 1000 * speed * factor,
                    UserBytesWritten = user,
                    DeviceBytesWritten = (long)(user * 4.0 / factor),
                    WriteAmp = 4.0 / factor,
                    EngineIo = new Dictionary<string, long> { ["wal"] = user, ["compaction"] = (long)(user * (2.0 / factor)) },
                    LatencyMicros = new Dictionary<string, double> { ["p50"] = 100 / speed, ["p99"] = 1000 / speed / factor, ["max"] = 5000 / speed },
                    Operations = new Dictionary<string, OperationLatency> { ["READ"] = new() { Count = 500, P50 = 100 / speed, P90 = 200 / speed, P95 = 300 / speed, P99 = 1000 / speed, P999 = 2000 / speed, Max = 5000 / speed } },
                    Attribution = attributed
                        ? new Dictionary<string, long> { ["raft.raft_log"] = user, ["engine.wal"] = user, ["engine.compaction"] = (long)(user * (2.0 / factor) * 0.9) }
                        : [],
                    ExplainedShare = attributed ? (user * 2 + user * (2.0 / factor) * 0.9) / (user * 4.0 / factor) : null,
                };
                cells.Add(new CellResult
                {
                    CellId = $"{label}/v256/t1/{engine}/r0",
                    Engine = engine,
                    EngineLabel = engine,
                    Workload = label,
                    WorkloadKind = "ycsb",
                    WorkloadFile = "/repo/workloads/ycsb/workloada",
                    Layer = layer,
                    ValueSize = 256,
                    Threads = 1,
                    Phases = [p],
                });
            }
        return new RunResults { RunId = "layered", Matrix = "layered", MatrixFile = matrixFile, Baseline = "rocksdb", Layer = "sql", PlannedCells = cells.Select(c => c.CellId).ToList(), Cells = cells };
    }

    [Fact]
    public void First_screen_answers_per_layer_then_shows_where_the_bytes_went()
    {
        var doc = new ReportDocument(Layered(attributed: false));
        var answers = doc.AnswersByLayer();
        Assert.Equal(["sql", "engine", "across layers"], answers.Select(a => a.Layer));
        var sql = Assert.Single(answers[0].Lines);
        // One repeat: the ratio, never a significance claim.
        Assert.Contains("ops/s: best titan (1,500 ops/s, 1.50× rocksdb; one run, no verdict)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain(" wins (", sql, StringComparison.Ordinal);
        Assert.Contains("most bytes written per user byte: rocksdb (4.00, mostly engine.compaction 2.00", sql, StringComparison.Ordinal);
        var tax = Assert.Single(answers[2].Lines);
        Assert.Contains("layer engine → sql: rocksdb 10,000 → 1,000 ops/s (× 0.10)", tax, StringComparison.Ordinal);

        var headlines = doc.Headlines();
        Assert.Equal(["sql", "engine", "across layers"], headlines.Select(h => h.Layer));
        Assert.Equal("a-sql run at 256 B: highest ops/s: titan in 1 of 1 (median 1.50× rocksdb); lowest p99: titan in 1 of 1; fewest device bytes per user byte: titan (median 2.7), most: rocksdb (4.0, mostly engine.compaction); one run: ratios only, no verdict claimed.", headlines[0].Line);
        Assert.Contains("(engine → sql): ops/s × 0.100", headlines[2].Line, StringComparison.Ordinal);

        var html = doc.ToHtml();
        var findings = html.IndexOf("<section id=\"findings\">", StringComparison.Ordinal);
        var bytes = html.IndexOf("<section id=\"where-every-byte-came-from\">", StringComparison.Ordinal);
        var scorecard = html.IndexOf("<section id=\"scorecard\">", StringComparison.Ordinal);
        Assert.True(findings > 0 && findings < bytes && bytes < scorecard, $"order findings {findings}, bytes {bytes}, scorecard {scorecard}");
        Assert.Equal(findings, html.IndexOf("<section", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_attribution_the_bytes_chart_stacks_engine_categories_and_shows_the_unexplained_rest()
    {
        var doc = new ReportDocument(Layered(attributed: false));
        var charts = doc.Charts.Where(c => c.Section == ByteCharts.Section).ToList();
        Assert.Equal(["bytes-a-sql-run.svg", "bytes-a-engine-run.svg"], charts.Select(c => c.FileName));
        Assert.Contains("data-legend=\"engine · wal|engine · compaction|device · unattributed|device (/proc write_bytes)\"", charts[0].Svg, StringComparison.Ordinal);
        Assert.Contains("recorded no attribution", charts[0].Caption, StringComparison.Ordinal);
        // rocksdb: wal 1 + compaction 2 of device 4 per user byte → 1 unattributed.
        var rocks = doc.Analysis.Groups[0].Engines.Single(e => e.Engine == "rocksdb");
        var per = ByteSources.PerUserByte(rocks);
        Assert.Equal(1.0, per[ByteSources.Unattributed], 6);
        Assert.Equal(0.75, ByteSources.ExplainedShare(rocks)!.Value, 6);
    }

    [Fact]
    public void With_attribution_the_bytes_chart_groups_causes_by_layer()
    {
        var doc = new ReportDocument(Layered(attributed: true));
        var chart = doc.Charts.First(c => c.Section == ByteCharts.Section);
        // Layers top down: raft before engine; the unexplained rest last.
        Assert.Contains("data-legend=\"raft · raft_log|engine · wal|engine · compaction|device · unattributed|device (/proc write_bytes)\"", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("Causes from the cell's attribution", chart.Caption, StringComparison.Ordinal);
        Assert.Contains("Explained share", chart.Caption, StringComparison.Ordinal);
        var rocks = doc.Analysis.Groups[0].Engines.Single(e => e.Engine == "rocksdb");
        Assert.Equal(0.95, ByteSources.ExplainedShare(rocks)!.Value, 6);
        Assert.Equal(0.2, ByteSources.PerUserByte(rocks)[ByteSources.Unattributed], 6);
    }

    [Fact]
    public void Layer_tax_matches_one_workload_across_layers_by_what_it_runs()
    {
        var doc = new ReportDocument(Layered(attributed: false));
        var tax = doc.Charts.Where(c => c.Section == LayerTaxCharts.Section).ToList();
        Assert.Equal(2, tax.Count);
        Assert.Single(tax.Select(c => c.Figure).Distinct());
        Assert.All(tax, c => Assert.Contains("data-legend=\"rocksdb|titan\"", c.Svg, StringComparison.Ordinal));
        Assert.Contains("engine → sql", tax[0].Caption, StringComparison.Ordinal);
        Assert.Equal("reproduce: ./run.sh matrix /nowhere/m.yaml --cell a-engine/v256/t1/ENGINE/r0; ./run.sh matrix /nowhere/m.yaml --cell a-sql/v256/t1/ENGINE/r0 (ENGINE: rocksdb, titan)", tax[0].Reproduce);

        // Engine-layer cells only: no tax chart.
        var flat = Layered(attributed: false);
        flat.Cells.RemoveAll(c => c.Layer == "sql");
        Assert.DoesNotContain(new ReportDocument(flat).Charts, c => c.Section == LayerTaxCharts.Section);
    }

    [Fact]
    public void Every_figure_has_a_caption_with_units_and_the_command_that_reproduces_it()
    {
        var results = SyntheticResults.Make();
        results = new RunResults { RunId = results.RunId, Matrix = results.Matrix, MatrixFile = "/nowhere/m.yaml", Baseline = results.Baseline, Repeat = results.Repeat, PlannedCells = results.PlannedCells, Cells = results.Cells };
        var doc = new ReportDocument(results);
        foreach (var c in doc.Charts)
        {
            Assert.Contains("Read:", c.Caption, StringComparison.Ordinal);
            Assert.Matches(@"ops/s|µs|bytes ÷ bytes|\(ratio\)", c.Caption);
            Assert.StartsWith("reproduce: ", c.Reproduce, StringComparison.Ordinal);
            Assert.Contains("./run.sh matrix /nowhere/m.yaml --cell ", c.Reproduce, StringComparison.Ordinal);
        }
        var throughput = doc.Charts.First(c => c.FileName == "throughput-ycsb-a-run-v256-t1.svg");
        Assert.Equal("reproduce: ./run.sh matrix /nowhere/m.yaml --cell ycsb-a/v256/t1/ENGINE/r0 (ENGINE: base, fast; r1, r2… for later repeats)", throughput.Reproduce);
        Assert.Contains("<code class=\"reproduce\">reproduce: ./run.sh matrix", doc.ToHtml(), StringComparison.Ordinal);
        Assert.Contains("`reproduce: ./run.sh matrix", doc.ToMarkdown(), StringComparison.Ordinal);
    }
}
