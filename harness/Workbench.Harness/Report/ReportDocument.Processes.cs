using System.Globalization;

namespace Workbench.Harness.Report;

/// <summary>
/// The table of cells on processes (`transport: tcp` or a cluster YAML; docs/matrix.md "Transport"):
/// per cell phase, each PD, node and SQL server process's device bytes, their sum, and the
/// explained share — or "n/a: why" when the nodes' attribution could not be read, never 0%.
/// </summary>
internal sealed partial class ReportDocument
{
    /// <summary>One row per phase of every cell with per-process device bytes (empty when none ran on processes).</summary>
    public ReportTable ProcessTable => _processTable ??= BuildProcessTable();

    private ReportTable? _processTable;

    private ReportTable BuildProcessTable()
    {
        var t = new ReportTable(["cell", "phase", "engine", "topology", "ops/s", "device bytes (all processes)", "per process", "explained share", "WA device ÷ user"]);
        foreach (var c in _results.Cells.Where(c => c.Succeeded))
            foreach (var p in c.Phases.Where(p => p.ProcessDeviceBytes.Count > 0))
                t.Add(c.CellId, p.Phase, c.EngineLabel, c.Topology ?? "—", Num(p.OpsPerSec, 0),
                    p.DeviceBytesWritten is { } d ? Bytes(d) : "—",
                    string.Join(", ", p.ProcessDeviceBytes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {Bytes(kv.Value)}")),
                    ShareText(p),
                    p.WriteAmp is { } wa ? wa.ToString("F2", CultureInfo.InvariantCulture) : "—");
        return t;
    }

    /// <summary>A phase's explained share, or "n/a: why" when it has a note, else "—".</summary>
    private static string ShareText(Results.PhaseResult p) =>
        p.ExplainedShare is { } x ? Pct(x) : p.ExplainedShareNote is { } note ? "n/a: " + note : "—";
}
