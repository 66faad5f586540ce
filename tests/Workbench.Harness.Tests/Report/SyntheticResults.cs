using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Report;

/// <summary>Hand-made results with known shapes (one engine clearly faster, a stall, a failed cell) for report tests.</summary>
internal static class SyntheticResults
{
    public static RunResults Make(int repeats = 2, bool withFailure = true)
    {
        var rng = new Random(5);
        var cells = new List<CellResult>();
        var planned = new List<string>();
        foreach (var size in new[] { 256, 8192 })
            foreach (var (engine, speed) in new[] { ("base", 1.0), ("fast", 2.0) })
                for (var r = 0; r < repeats; r++)
                {
                    var id = $"ycsb-a/v{size}/t1/{engine}/r{r}";
                    planned.Add(id);
                    cells.Add(new CellResult
                    {
                        CellId = id,
                        Engine = engine == "base" ? "rocksdb" : "lsm",
                        EngineLabel = engine,
                        Workload = "ycsb-a",
                        WorkloadKind = "ycsb",
                        ValueSize = size,
                        Threads = 1,
                        Repeat = r,
                        Seed = 42 + r,
                        Phases = [Phase("load", speed, size, rng, stall: engine == "base" && r == 0), Phase("run", speed, size, rng, stall: false)],
                    });
                }
        if (withFailure)
        {
            planned.Add("ycsb-a/v256/t1/broken/r0");
            cells.Add(new CellResult { CellId = "ycsb-a/v256/t1/broken/r0", Status = "failed", Error = "engine exploded", Engine = "x", EngineLabel = "broken", Workload = "ycsb-a", WorkloadKind = "ycsb", ValueSize = 256, Threads = 1 });
        }
        return new RunResults { RunId = "test-run", Matrix = "synthetic <&>", Baseline = "base", Repeat = repeats, PlannedCells = planned, Cells = cells };
    }

    /// <summary>
    /// Results crafted to tempt a report into contradicting itself: "tricky" has per-second intervals
    /// 1.5× the baseline's but a lower overall ops/s (0.9×), "twin" equals the baseline, "fast" is 2×,
    /// "noisy" swings ±40% between repeats, and the in-memory reference is fastest of all.
    /// </summary>
    public static RunResults Crafted(int repeats, int intervals, int seed)
    {
        var rng = new Random(seed);
        var cells = new List<CellResult>();
        var engines = new (string Label, string Name, double Ops, double Intervals, double Swing)[]
        {
            ("base", "rocksdb", 1.0, 1.0, 0.02), ("fast", "lsm", 2.0, 2.0, 0.02), ("tricky", "btree", 0.9, 1.5, 0.02),
            ("twin", "titan", 1.0, 1.0, 0.02), ("noisy", "lsm", 1.1, 1.1, 0.4), ("memory-durable", "memory", 5.0, 5.0, 0.02),
        };
        foreach (var size in new[] { 256, 8192 })
            foreach (var (label, name, ops, iv, swing) in engines)
                for (var r = 0; r < repeats; r++)
                {
                    var factor = 1 + swing * (r % 2 == 0 ? 1 : -1) * rng.NextDouble();
                    var opsPerSec = 10_000 * ops * factor * (0.99 + 0.02 * rng.NextDouble());
                    var series = Enumerable.Range(0, intervals).Select(_ => 10_000 * iv * factor * (0.97 + 0.06 * rng.NextDouble())).ToArray();
                    long user = 1000L * (size + 24);
                    var wa = 2.0 / ops * (0.99 + 0.02 * rng.NextDouble());
                    cells.Add(new CellResult
                    {
                        CellId = $"w/v{size}/t1/{label}/r{r}",
                        Engine = name,
                        EngineLabel = label,
                        Workload = "w",
                        WorkloadKind = "bench",
                        ValueSize = size,
                        Threads = 1,
                        Repeat = r,
                        Phases =
                        [
                            new PhaseResult
                            {
                                Phase = "overwrite",
                                Ops = (long)(opsPerSec * Math.Max(1, intervals)),
                                Seconds = Math.Max(1, intervals),
                                OpsPerSec = opsPerSec,
                                ThroughputSeries = series,
                                UserBytesWritten = user,
                                WriteAmp = wa,
                                EngineWriteAmp = wa,
                                EngineIo = new Dictionary<string, long> { ["wal"] = user, ["compaction"] = (long)(user * (wa - 1)) },
                                SpaceAmp = 1.2 * (0.99 + 0.02 * rng.NextDouble()),
                                LatencyMicros = new Dictionary<string, double> { ["p50"] = 10 / ops, ["p99"] = 50 / ops * factor, ["p999"] = 300 / ops, ["max"] = 1000 / ops },
                                Operations = new Dictionary<string, OperationLatency>
                                {
                                    ["OVERWRITE"] = new() { Count = 1000, P50 = 10 / ops, P90 = 20 / ops, P95 = 30 / ops, P99 = 50 / ops * factor, P999 = 300 / ops, Max = 1000 / ops },
                                },
                            },
                        ],
                    });
                }
        return new RunResults
        {
            RunId = "crafted",
            Matrix = "crafted",
            Baseline = "base",
            Repeat = repeats,
            PlannedCells = cells.Select(c => c.CellId).ToList(),
            Cells = cells,
        };
    }

    private static PhaseResult Phase(string name, double speed, int size, Random rng, bool stall)
    {
        var series = Enumerable.Range(0, 30).Select(i => (stall && i is >= 12 and < 20 ? 2_000 : 10_000 * speed) + rng.Next(200)).ToArray();
        var lat = new Dictionary<string, OperationLatency>();
        foreach (var op in name == "load" ? new[] { "INSERT" } : new[] { "READ", "UPDATE" })
        {
            lat[op] = new OperationLatency { Count = 1000, Avg = 10 / speed, P50 = 8 / speed, P90 = 15 / speed, P95 = 20 / speed, P99 = 50 / speed, P999 = 400 / speed, P9999 = 900 / speed, Max = 1000 / speed };
        }
        long user = 1000L * (size + 24);
        return new PhaseResult
        {
            Phase = name,
            Ops = 30_000,
            Seconds = 30,
            OpsPerSec = series.Average() * (0.98 + rng.NextDouble() * 0.04),
            UserBytesWritten = user,
            DeviceBytesWritten = (long)(user * 2.1 / speed),
            WriteAmp = 2.1 / speed,
            EngineWriteAmp = 2.0 / speed,
            EngineIo = new Dictionary<string, long> { ["wal"] = user, ["compaction"] = (long)(user * (2.0 / speed - 1)) },
            SpaceAmp = 1.1 * speed,
            DiskBytes = (long)(user * 1.1 * speed),
            LiveBytes = user,
            LatencyMicros = new Dictionary<string, double> { ["avg"] = 10 / speed, ["p50"] = 8 / speed, ["p95"] = 20 / speed, ["p99"] = 50 / speed, ["p999"] = 400 / speed, ["max"] = 1000 / speed },
            Operations = lat,
            ThroughputSeries = series,
        };
    }
}
