using System.Globalization;

namespace Workbench.Harness.Report;

/// <summary>The layer-sql table: per cell phase, what the client saw (sysbench's tps/qps/latency/errors, or YCSB's ops/s) beside the bytes each layer handed down (DESIGN.md §5.5) and WA per layer.</summary>
internal sealed partial class ReportDocument
{
    /// <summary>One row per phase of every layer-sql cell (empty for other layers).</summary>
    public ReportTable SqlLayerTable { get; }

    private ReportTable BuildSqlLayerTable()
    {
        var t = new ReportTable(["cell", "phase", "engine", "tps (ops/s)", "qps", "p95 ms", "p99 ms", "errors retried / reconnects",
            "SQL bytes (rows + index)", "txn bytes (default / lock / write)", "engine bytes", "device bytes", "explained share", "WA device ÷ SQL", "WA device ÷ txn", "command"]);
        foreach (var c in _results.Cells.Where(c => c.Succeeded && c.Layer == "sql"))
            foreach (var p in c.Phases)
            {
                var s = p.Sysbench;
                var op = p.Operations.Values.FirstOrDefault();
                var p95 = s?.LatencyP95Ms ?? (p.LatencyMicros.TryGetValue("p95", out var a) ? a / 1000 : double.NaN);
                var p99 = s?.LatencyP99Ms ?? (p.LatencyMicros.TryGetValue("p99", out var b) ? b / 1000 : double.NaN);
                long L(string k) => p.LayerBytes.TryGetValue(k, out var v) ? v : 0;
                var hasLayers = p.LayerBytes.Count > 0;
                t.Add(
                    c.CellId, p.Phase, c.EngineLabel,
                    Num(s?.Tps ?? p.OpsPerSec, 1),
                    s is null ? "—" : Num(s.Qps, 0),
                    op is null && s is null ? "—" : Num(p95, 2),
                    op is null && s is null ? "—" : Num(p99, 2),
                    s is null ? "—" : $"{s.IgnoredErrors.ToString(C)} / {s.Reconnects.ToString(C)}",
                    hasLayers ? $"{Bytes(L("sql"))} ({Bytes(L("sql_rows"))} + {Bytes(L("sql_index"))})" : "— (external server)",
                    hasLayers ? $"{Bytes(L("txn"))} ({Bytes(L("txn_default"))} / {Bytes(L("txn_lock"))} / {Bytes(L("txn_write"))})" : "—",
                    hasLayers ? Bytes(p.EngineIo.Values.Sum()) : "—",
                    p.DeviceBytesWritten is { } d ? Bytes(d) : "—",
                    ShareText(p),
                    p.LayerWriteAmp.TryGetValue("sql", out var wsql) ? Num(wsql, 2) : "—",
                    p.LayerWriteAmp.TryGetValue("txn", out var wtxn) ? Num(wtxn, 2) : "—",
                    s?.Command ?? "");
            }
        return t;
    }

    private static string Bytes(long b) => b switch
    {
        >= 10L << 30 => (b / (double)(1L << 30)).ToString("F1", CultureInfo.InvariantCulture) + " GiB",
        >= 10L << 20 => (b / (double)(1L << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MiB",
        >= 10L << 10 => (b / (double)(1L << 10)).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        _ => b.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
