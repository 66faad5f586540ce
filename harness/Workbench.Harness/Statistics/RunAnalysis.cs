using Workbench.Harness.Results;

namespace Workbench.Harness.Statistics;

/// <summary>
/// The statistics of a whole run: successful cells grouped by (workload, phase, value size, threads),
/// each engine summarized over its repeats, compared with the run's baseline engine and ranked in a
/// scorecard — every verdict by <see cref="Comparer"/>'s rule. Pure function of the results.
/// </summary>
internal sealed class RunAnalysis
{
    /// <summary>Catalog names of reference engines: shown, but never contenders in the scorecard.</summary>
    public static readonly IReadOnlySet<string> ReferenceEngines = new HashSet<string>(StringComparer.Ordinal) { "memory" };

    public required string Baseline { get; init; }
    public required IReadOnlyList<string> EngineOrder { get; init; }
    public required IReadOnlyList<GroupAnalysis> Groups { get; init; }

    /// <summary>Coefficient of variation of ops/s across repeats, per (group, engine) with at least two repeats.</summary>
    public IEnumerable<(GroupKey Group, string Engine, double Cv)> Noise() =>
        Groups.SelectMany(g => g.Engines.Where(e => double.IsFinite(e.ThroughputCv)).Select(e => (g.Key, e.Engine, e.ThroughputCv)));

    public static RunAnalysis Analyze(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Cells.Where(c => c.Succeeded).ToList();
        var engineOrder = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in results.Cells)
        {
            if (!engineOrder.Contains(c.EngineLabel)) engineOrder.Add(c.EngineLabel);
            names.TryAdd(c.EngineLabel, c.Engine);
        }
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
                if (phases.Count > 0) engines.Add(Summarize(e, names[e], phases));
            }
            var comparisons = new List<Comparison>();
            var baseline = engines.FirstOrDefault(s => s.Engine == results.Baseline);
            if (baseline is not null)
                foreach (var s in engines)
                    if (s.Engine != baseline.Engine) comparisons.AddRange(CompareWithBaseline(s, baseline));
            groups.Add(new GroupAnalysis { Key = key, Engines = engines, Comparisons = comparisons, Scorecard = Score(engines) });
        }
        return new RunAnalysis { Baseline = results.Baseline, EngineOrder = engineOrder, Groups = groups };
    }

    /// <summary>
    /// Per measure: the contenders (reference engines excluded) ranked by their median; the best wins
    /// only when its comparison with the runner-up is significant in its favour.
    /// </summary>
    private static List<ScorecardEntry> Score(List<EngineSummary> engines)
    {
        var entries = new List<ScorecardEntry>();
        foreach (var measure in new[] { Measure.Throughput, Measure.Latency, Measure.WriteAmp, Measure.SpaceAmp })
        {
            var ranked = engines.Where(e => !e.IsReference && double.IsFinite(e.Value(measure))).ToList();
            if (ranked.Count == 0) continue;
            ranked = measure == Measure.Throughput ? ranked.OrderByDescending(e => e.Value(measure)).ToList() : ranked.OrderBy(e => e.Value(measure)).ToList();
            var best = ranked[0];
            if (ranked.Count == 1)
            {
                entries.Add(new ScorecardEntry(measure, null, best.Engine, null, $"only {best.Engine} is a contender"));
                continue;
            }
            var cmp = Comparer.Compare(measure, best, ranked[1]);
            entries.Add(cmp.Verdict == Verdict.Better
                ? new ScorecardEntry(measure, best.Engine, best.Engine, cmp, $"{best.Engine} ({cmp.RatioText} {ranked[1].Engine}, p {Comparison.PText(cmp.PValue)})")
                : new ScorecardEntry(measure, null, best.Engine, cmp, $"no clear winner ({Reason(cmp)}; best median {best.Engine}, {cmp.RatioText} {ranked[1].Engine})"));
        }
        return entries;
    }

    private static string Reason(Comparison c) => c.Verdict switch
    {
        Verdict.OneRun => "one run",
        Verdict.InsufficientData => "too few repeats",
        _ when c.Basis.Contains("disagree", StringComparison.Ordinal) => $"the rank test (p {Comparison.PText(c.PValue)}) points the other way from the medians",
        _ => $"not significant, p {Comparison.PText(c.PValue)}",
    };

    private static EngineSummary Summarize(string engine, string engineName, List<PhaseResult> phases)
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
        var curves = new Dictionary<string, IReadOnlyList<(string, double)>>();
        foreach (var op in phases.SelectMany(p => p.Operations.Keys).Distinct())
        {
            var per = phases.Where(p => p.Operations.ContainsKey(op)).Select(p => p.Operations[op].Curve()).ToList();
            var curve = new List<(string, double)>();
            for (var i = 0; i < per[0].Count; i++)
                curve.Add((per[0][i].Label, Estimators.SimpleMedian(per.Select(c => c[i].Micros).Where(double.IsFinite).ToList())));
            curves[op] = curve;
        }
        return new EngineSummary
        {
            Engine = engine,
            EngineName = engineName,
            IsReference = ReferenceEngines.Contains(engineName),
            Phases = phases,
            Throughput = Estimators.Median(phases.Select(p => p.OpsPerSec).ToList()),
            ThroughputCv = Estimators.CoefficientOfVariation(phases.Select(p => p.OpsPerSec).ToList()),
            P99 = MedianOf(p => p.LatencyMicros.TryGetValue("p99", out var v) ? v : null),
            WriteAmp = MedianOf(p => p.WriteAmp),
            EngineWriteAmp = MedianOf(p => p.EngineWriteAmp),
            SpaceAmp = MedianOf(p => p.SpaceAmp),
            UserBytesWritten = (long)(MedianOf(p => p.UserBytesWritten) ?? 0),
            WriteAmpByCategory = waByCategory,
            LatencyCurves = curves,
            ChangePoints = phases.Select(p => Estimators.ChangePoints(p.ThroughputSeries)).ToList(),
        };
    }

    private static IEnumerable<Comparison> CompareWithBaseline(EngineSummary s, EngineSummary baseline)
    {
        yield return Comparer.Compare(Measure.Throughput, s, baseline);
        foreach (var op in s.LatencyCurves.Keys.Order(StringComparer.Ordinal))
            if (baseline.LatencyCurves.ContainsKey(op)) yield return Comparer.Compare(Measure.Latency, s, baseline, op);
        if (double.IsFinite(s.Value(Measure.WriteAmp)) && double.IsFinite(baseline.Value(Measure.WriteAmp))) yield return Comparer.Compare(Measure.WriteAmp, s, baseline);
        if (double.IsFinite(s.Value(Measure.SpaceAmp)) && double.IsFinite(baseline.Value(Measure.SpaceAmp))) yield return Comparer.Compare(Measure.SpaceAmp, s, baseline);
    }
}
