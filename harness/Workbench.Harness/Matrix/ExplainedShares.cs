using System.Globalization;
using System.Text;
using Workbench.Harness.Results;

namespace Workbench.Harness.Matrix;

/// <summary>
/// The end-of-run listing of every cell's explained share (attributed ÷ device bytes per phase,
/// issue 15's goal ≥ 95%): one line per cell, a phase without a share says why (no device bytes,
/// e.g. an external server; or device bytes no attribution covered), and the lowest share is named
/// last, so a cell whose bytes are not accounted for cannot go unnoticed. Pure.
/// </summary>
internal static class ExplainedShares
{
    public const double Goal = 0.95;

    public static string Format(IReadOnlyList<CellResult> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ic, $"explained share (attributed ÷ device bytes; goal ≥ {Pct(Goal, "0")}) per cell:");
        (string Cell, string Phase, double Share)? lowest = null;
        var below = 0;
        foreach (var c in cells)
        {
            if (!c.Succeeded)
            {
                sb.AppendLine(ic, $"  {c.CellId}: failed");
                continue;
            }
            var parts = new List<string>();
            foreach (var p in c.Phases)
            {
                if (p.ExplainedShare is { } x)
                {
                    parts.Add(string.Create(ic, $"{p.Phase} {Pct(x, "0.0")}{(x < Goal ? " (below goal)" : "")}"));
                    if (x < Goal) below++;
                    if (lowest is null || x < lowest.Value.Share) lowest = (c.CellId, p.Phase, x);
                }
                else parts.Add(p.DeviceBytesWritten is null ? $"{p.Phase} — (no device bytes measured)"
                    : p.ExplainedShareNote is { } note ? $"{p.Phase} n/a: {note}" : $"{p.Phase} — (device bytes not attributed)");
            }
            sb.AppendLine(ic, $"  {c.CellId}: {(parts.Count == 0 ? "no phases" : string.Join(", ", parts))}");
        }
        if (lowest is { } l) sb.AppendLine(ic, $"  lowest: {Pct(l.Share, "0.0")} ({l.Cell} {l.Phase}); {below} phase(s) below {Pct(Goal, "0")}");
        return sb.ToString();
    }

    private static string Pct(double v, string format) => (v * 100).ToString(format, CultureInfo.InvariantCulture) + "%";
}
