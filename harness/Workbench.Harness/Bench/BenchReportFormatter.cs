using System.Globalization;
using System.Text;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Bench;

/// <summary>Formats a result as db_bench's summary line plus a details line (latency, WA, space). Stateless.</summary>
internal static class BenchReportFormatter
{
    public static string Format(BenchResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var microsPerOp = r.Ops > 0 ? r.Seconds * 1e6 / r.Ops * r.Threads : 0;
        // As db_bench: bytes are key + value per operation (per found key for reads), MB = 2^20 bytes.
        var bytesPerOp = r.KeySize + r.ValueSize;
        var bytes = r.Found is { } f ? (double)bytesPerOp * f : (double)bytesPerOp * r.Ops;
        var mbPerSec = r.Seconds > 0 ? bytes / r.Seconds / (1 << 20) : 0;
        sb.Append(c, $"{r.Benchmark,-12} : {microsPerOp,11:F3} micros/op {r.OpsPerSec,8:F0} ops/sec {r.Seconds,8:F3} seconds {r.Ops,9} operations; {mbPerSec,6:F1} MB/s");
        if (r.Found is { } found) sb.Append(c, $" ({found} of {r.Ops} found)");
        sb.AppendLine();
        var l = r.LatencyMicros;
        sb.Append(c, $"{"",12}   latency us: p50 {l["p50"]:F1}  p95 {l["p95"]:F1}  p99 {l["p99"]:F1}  p99.9 {l["p999"]:F1}  max {l["max"]:F1}");
        if (r.UserBytesWritten > 0)
        {
            sb.Append(c, $" | user {Size(r.UserBytesWritten)}");
            if (r.DeviceBytesWritten is { } dev) sb.Append(c, $", device {Size(dev)}");
            // DESIGN.md §4: dirty pages dropped before writeback are shown beside the device bytes, not subtracted.
            if (r.DeviceCancelledWriteBytes is { } cancelled) sb.Append(c, $" (cancelled {Size(cancelled)})");
            if (r.WriteAmp is { } wa) sb.Append(c, $", WA {wa:F2}");
            if (r.EngineIo.Count > 0)
                sb.Append(" (engine: ").AppendJoin(", ", r.EngineIo.Select(kv => $"{kv.Key} {Size(kv.Value)}")).Append(')');
        }
        if (r.CompactionWaitSeconds is { } waited)
        {
            if (r.CompactionSettled == false)
                sb.Append(c, $" | compaction wait cut short after {waited:F1} s, {(r.PendingCompactionBytes is { } p ? Size(p) : "unknown bytes")} pending");
            else if (waited >= 0.05 || r.Ops == 0) sb.Append(c, $" | compaction settled after {waited:F1} s");
        }
        sb.Append(c, $" | disk {Size(r.DiskBytes)}");
        if (r.SpaceAmp is { } sa) sb.Append(c, $", space amp {sa:F2}");
        sb.AppendLine();
        if (r.Gc is { } gc)
            sb.Append(c, $"{"",12}   gc: gen0 {gc.Gen0}  gen1 {gc.Gen1}  gen2 {gc.Gen2}  pause {gc.PauseMs:F1} ms  allocated {Size(gc.AllocatedBytes)} | heap {Size(gc.HeapBytes)}, committed {Size(gc.CommittedBytes)}").AppendLine();
        if (r.SlowOps is { Count: > 0 } slow)
        {
            sb.Append(c, $"{"",12}   slowest {slow.Count} ops (start ms, us, op#, gc n/gen2/pause ms, jit methods/ms, lock contentions, thread cpu us, switches vol/invol, faults minor/major, blocks in):").AppendLine();
            foreach (var s in slow)
            {
                sb.Append(c, $"{"",14} {s.StartMs,9:F1} ms {s.Micros,9:F1} us  op# {s.Ordinal,-8} gc {s.GcCollections}/{s.GcGen2}/{s.GcPauseMs:F2}  jit {s.JitMethods}/{s.JitMs:F2}  locks {s.LockContentions}");
                if (s.CpuMicros is { } cpu)
                    sb.Append(c, $"  cpu {cpu}  sw {s.VoluntarySwitches}/{s.InvoluntarySwitches}  flt {s.MinorFaults}/{s.MajorFaults}  in {s.BlocksIn}");
                sb.AppendLine();
            }
        }
        if (r.TxnSummary is not null) sb.Append(r.TxnSummary);
        return sb.ToString();
    }

    public static string Size(long bytes)
    {
        var c = CultureInfo.InvariantCulture;
        return bytes switch
        {
            >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("F2", c) + " GiB",
            >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F1", c) + " MiB",
            >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("F1", c) + " KiB",
            _ => bytes.ToString(c) + " B",
        };
    }
}
