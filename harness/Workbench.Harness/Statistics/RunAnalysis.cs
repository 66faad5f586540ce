using Workbench.Harness.Results;

namespace Workbench.Harness.Statistics;

/// <summary>
/// The statistics of a whole run: successful cells grouped by (workload, phase, value size, threads),
/// each engine summarized over its repeats and compared with the run's baseline engine — on
/// per-second throughput intervals (falling back to per-repeat ops/s when the series are too short)
/// and on each operation's latency samples. Pure function of the results.
/// </summary>
public sealed class RunAnalysis
{
    public required string Baseline { get; init; }
    public required IReadOnlyList<string> EngineOrder { get; init; }
    public required IReadOnlyList<GroupAnalysis> Groups { get; init; }

    public static RunAnalysis Analyze(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Cells.Where(c => c.Succeeded).ToList();
        var engineOrder = new List<string>();
        foreach (var c in results.Cells)
            if (!engineOrder.Contains(c.EngineLabel)) engineOrder.Add(c.EngineLabel);
        var groupOrder = new List<GroupKey>();
        var byGroup = new Dictionary<GroupKey, List<(CellResult Cell, PhaseResult Phase)>>();
        foreach (var c in ok)
            foreach (var p in c.Phases)
            {
                var key = new GroupKey(c.Workload, p.Phase, c.ValueSize, c.Threads);
                if (!byGroup.TryGetValue(key, out var list))
                {
                    byGroup[key] = list = [];
                    groupOrder.Add(key);
                }
                list.Add((c, p));
            }
        var groups = new List<GroupAnalysis>();
        foreach (var key in groupOrder)
        {
            var entries = byGroup[key];
            var engines = new List<EngineSummary>();
            foreach (var e in engineOrder)
            {
                var phases = entries.Where(x => x.Cell.EngineLabel == e).OrderBy(x => x.Cell.Repeat).Select(x => x.Phase).ToList();
                if (phases.Count > 0) engines.Add(Summarize(e, phases));
            }
            var comparisons = new List<Comparison>();
            var baseline = engines.FirstOrDefault(s => s.Engine == results.Baseline);
            if (baseline is not null)
                foreach (var s in engines)
                    if (s.Engine != baseline.Engine) comparisons.AddRange(Compare(s, baseline));
            groups.Add(new GroupAnalysis { Key = key, Engines = engines, Comparisons = comparisons });
        }
        return new RunAnalysis { Baseline = results.Baseline, EngineOrder = engineOrder, Groups = groups };
    }

    private static EngineSummary Summarize(string engine, List<PhaseResult> phases)
    {
        double? MedianOf(Func<PhaseResult, double?> f)
        {
            var v = phases.Select(f).Where(x => x is { } d && double.IsFinite(d)).Select(x => x!.Value).ToList();
            return v.Count == 0 ? null : Estimators.SimpleMedian(v);
        }
        var categories = phases.SelectMany(p => p.EngineIo.Keys).Distinct().ToList();
        var waByCategory = new Dictionary<string, double>();
        foreach (var cat in categories)
        {
            var m = MedianOf(p => p.UserBytesWritten > 0 ? (double)p.EngineIo.GetValueOrDefault(cat) / p.UserBytesWritten : null);
            if (m is { } v) waByCategory[cat] = v;
        }
        var curves = new Dictionary<string, IReadOnlyList<(double, double)>>();
        foreach (var op in phases.SelectMany(p => p.Operations.Keys).Distinct())
        {
            var per = phases.Where(p => p.Operations.ContainsKey(op)).Select(p => p.Operations[op].Curve()).ToList();
            var curve = new List<(double, double)>();
            for (var i = 0; i < per[0].Count; i++)
                curve.Add((per[0][i].Percentile, Estimators.SimpleMedian(per.Select(c => c[i].Micros).Where(double.IsFinite).ToList())));
            curves[op] = curve;
        }
        return new EngineSummary
        {
            Engine = engine,
            Phases = phases,
            Throughput = Estimators.Median(phases.Select(p => p.OpsPerSec).ToList()),
            WriteAmp = MedianOf(p => p.WriteAmp),
            EngineWriteAmp = MedianOf(p => p.EngineWriteAmp),
            SpaceAmp = MedianOf(p => p.SpaceAmp),
            UserBytesWritten = (long)(MedianOf(p => p.UserBytesWritten) ?? 0),
            WriteAmpByCategory = waByCategory,
            LatencyCurves = curves,
            ChangePoints = phases.Select(p => Estimators.ChangePoints(p.ThroughputSeries)).ToList(),
        };
    }

    private static IEnumerable<Comparison> Compare(EngineSummary s, EngineSummary baseline)
    {
        var x = s.Phases.SelectMany(p => p.ThroughputSeries).ToList();
        var y = baseline.Phases.SelectMany(p => p.ThroughputSeries).ToList();
        if (x.Count >= 3 && y.Count >= 3)
            yield return Estimators.Compare("throughput (per-second intervals)", s.Engine, baseline.Engine, x, y, higherIsBetter: true);
        else if (s.Phases.Count >= 3 && baseline.Phases.Count >= 3)
            yield return Estimators.Compare("throughput (per repeat)", s.Engine, baseline.Engine, s.Phases.Select(p => p.OpsPerSec).ToList(), baseline.Phases.Select(p => p.OpsPerSec).ToList(), higherIsBetter: true);
        else
        {
            // Phases shorter than three seconds have too few intervals. A closed-loop client's rate is the
            // inverse of its per-operation latency, so compare the sampled operations' rates instead.
            var rx = s.Phases.SelectMany(p => p.LatencySamplesMicros.Values.SelectMany(v => v)).Where(v => v > 0).Select(v => 1e6 / v).ToList();
            var ry = baseline.Phases.SelectMany(p => p.LatencySamplesMicros.Values.SelectMany(v => v)).Where(v => v > 0).Select(v => 1e6 / v).ToList();
            yield return rx.Count >= 3 && ry.Count >= 3
                ? Estimators.Compare("throughput (1/latency of sampled operations; phase too short for per-second intervals)", s.Engine, baseline.Engine, rx, ry, higherIsBetter: true)
                : Estimators.Compare("throughput (per-second intervals)", s.Engine, baseline.Engine, x, y, higherIsBetter: true);
        }
        foreach (var op in s.Phases.SelectMany(p => p.LatencySamplesMicros.Keys).Distinct())
        {
            var lx = s.Phases.SelectMany(p => p.LatencySamplesMicros.GetValueOrDefault(op) ?? []).ToList();
            var ly = baseline.Phases.SelectMany(p => p.LatencySamplesMicros.GetValueOrDefault(op) ?? []).ToList();
            if (ly.Count == 0) continue;
            yield return Estimators.Compare($"{op} latency", s.Engine, baseline.Engine, lx, ly, higherIsBetter: false);
        }
    }
}
