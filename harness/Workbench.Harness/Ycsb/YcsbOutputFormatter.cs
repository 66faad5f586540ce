using System.Globalization;
using System.Text;
using Workbench.Harness.Bench;
using Workbench.Harness.Results;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// go-ycsb's measurement lines, one per operation plus TOTAL:
/// <c>READ   - Takes(s): 10.0, Count: 4985, OPS: 498.5, Avg(us): 520, Min(us): 193, Max(us): 17071,
/// 50th(us): 446, 90th(us): 697, 95th(us): 860, 99th(us): 1584, 99.9th(us): 6015, 99.99th(us): 17071</c>,
/// then a line with the bytes, WA and space amplification. Stateless.
/// </summary>
internal static class YcsbOutputFormatter
{
    public static string Format(PhaseResult phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{Capitalize(phase.Phase)} finished, takes {phase.Seconds:F3}s").AppendLine();
        long total = 0;
        foreach (var (name, l) in phase.Operations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(Line(name, phase.Seconds, l));
            total += l.Count;
        }
        sb.Append(c, $"{"TOTAL",-6} - Takes(s): {phase.Seconds:F1}, Count: {total}, OPS: {(phase.Seconds > 0 ? total / phase.Seconds : 0):F1}");
        var lat = phase.LatencyMicros;
        if (lat.TryGetValue("avg", out var avg)) sb.Append(c, $", Avg(us): {avg:F0}, 50th(us): {lat["p50"]:F0}, 99th(us): {lat["p99"]:F0}, 99.9th(us): {lat["p999"]:F0}, Max(us): {lat["max"]:F0}");
        sb.AppendLine();
        foreach (var (name, l) in phase.Operations)
            if (l.NotFound > 0) sb.Append(c, $"{name}_NOT_FOUND - Count: {l.NotFound}").AppendLine();
        sb.Append(c, $"user {BenchReportFormatter.Size(phase.UserBytesWritten)}");
        if (phase.DeviceBytesWritten is { } dev) sb.Append(c, $", device {BenchReportFormatter.Size(dev)}");
        if (phase.WriteAmp is { } wa) sb.Append(c, $", WA {wa:F2}");
        if (phase.EngineIo.Count > 0) sb.Append(" (engine: ").AppendJoin(", ", phase.EngineIo.Select(kv => $"{kv.Key} {BenchReportFormatter.Size(kv.Value)}")).Append(')');
        // A phase against another process's server (an endpoint, a tcp cluster) has no engine here: no disk figures to print.
        if (phase.DeviceBytesWritten is not null || phase.DiskBytes > 0)
        {
            sb.Append(c, $" | disk {BenchReportFormatter.Size(phase.DiskBytes)}, live {BenchReportFormatter.Size(phase.LiveBytes)}");
            if (phase.SpaceAmp is { } sa) sb.Append(c, $", space amp {sa:F2}");
        }
        sb.AppendLine();
        if (phase.Attribution.Count > 0)
        {
            // Device bytes by the layer and cause that wrote them (Matrix/Attribution), largest first.
            sb.Append("device by cause: ").AppendJoin(", ", phase.Attribution.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {BenchReportFormatter.Size(kv.Value)}"));
            if (phase.ExplainedShare is { } x) sb.Append(c, $"; explained {x:P1} of device");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static string Line(string operation, double seconds, OperationLatency l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var c = CultureInfo.InvariantCulture;
        var ops = seconds > 0 ? l.Count / seconds : 0;
        return string.Create(c, $"{operation,-6} - Takes(s): {seconds:F1}, Count: {l.Count}, OPS: {ops:F1}, Avg(us): {l.Avg:F0}, Min(us): {l.Min:F0}, Max(us): {l.Max:F0}, 50th(us): {l.P50:F0}, 90th(us): {l.P90:F0}, 95th(us): {l.P95:F0}, 99th(us): {l.P99:F0}, 99.9th(us): {l.P999:F0}, 99.99th(us): {l.P9999:F0}");
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
