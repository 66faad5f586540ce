using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Harness.Sysbench;

/// <summary>
/// Reads the text sysbench 1.0.20's OLTP scripts print for `run` (the "SQL statistics", "General
/// statistics" and "Latency (ms)" blocks, the optional histogram and per-interval lines). Matches
/// lines by their labels, not positions, so extra lines (warnings, retried-error notices) are
/// ignored. A missing required figure is a <see cref="FormatException"/> naming it. Stateless.
/// </summary>
internal static partial class SysbenchOutputParser
{
    public static SysbenchReport Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n');
        long? reads = null, writes = null, other = null, queries = null, transactions = null, errors = null, reconnects = null, events = null;
        double qps = 0, tps = 0, total = double.NaN, min = double.NaN, avg = double.NaN, max = double.NaN, pct = double.NaN, pctMs = double.NaN;
        var histogram = new List<(double, long)>();
        var intervals = new List<double>();
        var inHistogram = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Latency histogram", StringComparison.Ordinal)) { inHistogram = true; continue; }
            if (inHistogram)
            {
                var h = HistogramLine().Match(line);
                if (h.Success) { histogram.Add((D(h.Groups[1].Value), L(h.Groups[2].Value))); continue; }
                if (line.Contains("distribution", StringComparison.Ordinal)) continue;
                inHistogram = false;
            }
            var interval = IntervalLine().Match(line);
            if (interval.Success) { intervals.Add(D(interval.Groups[1].Value)); continue; }
            var t = line.Trim();
            if (Counted(t, "read:") is { } r) reads = r;
            else if (Counted(t, "write:") is { } w) writes = w;
            else if (Counted(t, "other:") is { } o) other = o;
            else if (t.StartsWith("transactions:", StringComparison.Ordinal)) (transactions, tps) = CountRate(t, "transactions");
            else if (t.StartsWith("queries:", StringComparison.Ordinal)) (queries, qps) = CountRate(t, "queries");
            else if (t.StartsWith("ignored errors:", StringComparison.Ordinal)) errors = CountRate(t, "ignored errors").Count;
            else if (t.StartsWith("reconnects:", StringComparison.Ordinal)) reconnects = CountRate(t, "reconnects").Count;
            else if (t.StartsWith("total time:", StringComparison.Ordinal)) total = D(Value(t).TrimEnd('s'));
            else if (Counted(t, "total number of events:") is { } ev) events = ev;
            else if (t.StartsWith("min:", StringComparison.Ordinal)) min = D(Value(t));
            else if (t.StartsWith("avg:", StringComparison.Ordinal) && double.IsNaN(avg)) avg = D(Value(t));
            else if (t.StartsWith("max:", StringComparison.Ordinal)) max = D(Value(t));
            else if (PercentileLine().Match(t) is { Success: true } p) { pct = D(p.Groups[1].Value); pctMs = D(p.Groups[2].Value); }
        }
        Require(transactions, "transactions");
        Require(queries, "queries");
        if (double.IsNaN(avg)) throw new FormatException("sysbench output has no 'Latency (ms)' block (avg: line missing)");
        return new SysbenchReport
        {
            Reads = reads ?? 0,
            Writes = writes ?? 0,
            Other = other ?? 0,
            Queries = queries!.Value,
            QueriesPerSec = qps,
            Transactions = transactions!.Value,
            TransactionsPerSec = tps,
            IgnoredErrors = errors ?? 0,
            Reconnects = reconnects ?? 0,
            TotalSeconds = total,
            Events = events ?? transactions.Value,
            LatencyMinMs = min,
            LatencyAvgMs = avg,
            LatencyMaxMs = max,
            Percentile = pct,
            PercentileMs = pctMs,
            Histogram = histogram,
            IntervalTps = intervals,
        };
    }

    private static void Require(long? v, string name)
    {
        if (v is null) throw new FormatException($"sysbench output has no '{name}:' line (not the output of an OLTP run?)");
    }

    private static long? Counted(string t, string label) =>
        t.StartsWith(label, StringComparison.Ordinal) && long.TryParse(t.AsSpan(label.Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static (long Count, double Rate) CountRate(string t, string label)
    {
        var m = CountRateLine().Match(t);
        if (!m.Success) throw new FormatException($"sysbench '{label}' line not understood: '{t}'");
        return (L(m.Groups[1].Value), D(m.Groups[2].Value));
    }

    private static string Value(string t) => t[(t.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();

    private static double D(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{s}' is not a number in sysbench's output");
    private static long L(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{s}' is not a whole number in sysbench's output");

    [GeneratedRegex(@"^\s*([0-9.]+)\s+\|\**\s+([0-9]+)\s*$")]
    private static partial Regex HistogramLine();

    [GeneratedRegex(@"^\[\s*[0-9.]+s\s*\]\s+thds:\s*[0-9]+\s+tps:\s*([0-9.]+)")]
    private static partial Regex IntervalLine();

    [GeneratedRegex(@":\s*([0-9]+)\s+\(([0-9.]+) per sec\.\)")]
    private static partial Regex CountRateLine();

    [GeneratedRegex(@"^([0-9.]+)(?:th|st|nd|rd) percentile:\s*([0-9.]+)$")]
    private static partial Regex PercentileLine();
}
