using Workbench.Harness.Charts;
using Workbench.Harness.Results;
using Workbench.Harness.Statistics;

namespace Workbench.Harness.Report;

/// <summary>
/// Where the device bytes of a phase came from, as "layer.category" → bytes (DESIGN.md §5.5). From the
/// phase's <see cref="PhaseResult.Attribution"/> when the cell recorded it (device bytes of the whole
/// cell by cause, disjoint); otherwise from the engine's own bytes by write category
/// (<see cref="Workbench.Workloads.Measurement.PhaseMeasurement.EngineIo"/>: raft_log and snapshot under layer raft, the rest under engine),
/// which is what every cell records today. Either way a remainder of device bytes that no entry
/// explains is shown as "device.unattributed", so a stack never claims more than it knows. Pure.
/// </summary>
internal static class ByteSources
{
    public const string Unattributed = "device.unattributed";

    /// <summary>Layers from the top of the stack down; the stack of a bar is drawn in this order.</summary>
    public static readonly IReadOnlyList<string> LayerOrder = ["sql", "txn", "raft", "engine", "device"];

    /// <summary>Known categories in stack order (a category keeps its place and colour in every chart: Charts/CategoryPalette).</summary>
    public static readonly IReadOnlyList<string> KnownKeys = [.. CategoryPalette.Known.Select(k => k.Key)];

    /// <summary>True when the phase carries the attribution producers' breakdown (not the engine-category fallback).</summary>
    public static bool IsAttributed(PhaseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Attribution.Count > 0;
    }

    /// <summary>The phase's bytes by "layer.category", with the unexplained device remainder (if any) last.</summary>
    public static IReadOnlyDictionary<string, long> Of(PhaseResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        if (p.Attribution.Count > 0)
            foreach (var (k, v) in p.Attribution) d[k.Contains('.', StringComparison.Ordinal) ? k : "engine." + k] = v;
        else
            foreach (var (k, v) in p.EngineIo) d[(k is "raft_log" or "snapshot" ? "raft." : "engine.") + k] = v;
        long sum = 0;
        foreach (var v in d.Values) sum += v;
        if (p.DeviceBytesWritten is { } device && device > sum) d[Unattributed] = device - sum;
        return d;
    }

    /// <summary>Median over the engine's repeats of each key's bytes per user byte (phases without user bytes are skipped).</summary>
    public static IReadOnlyDictionary<string, double> PerUserByte(EngineSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var per = s.Phases.Where(p => p.UserBytesWritten > 0).Select(p => (p.UserBytesWritten, Of(p))).ToList();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in per.SelectMany(x => x.Item2.Keys).Distinct())
            result[key] = Estimators.SimpleMedian(per.Select(x => (double)x.Item2.GetValueOrDefault(key) / x.UserBytesWritten).ToList());
        return result;
    }

    /// <summary>Median explained share over repeats (attribution's own figure, else the fallback's engine ÷ device), or null.</summary>
    public static double? ExplainedShare(EngineSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var shares = new List<double>();
        foreach (var p in s.Phases)
        {
            if (p.ExplainedShare is { } e) shares.Add(e);
            else if (p.DeviceBytesWritten is > 0 && p.EngineIo.Count > 0) shares.Add(Math.Min(1.0, p.EngineIo.Values.Sum() / (double)p.DeviceBytesWritten.Value));
        }
        return shares.Count == 0 ? null : Estimators.SimpleMedian(shares);
    }

    /// <summary>Stack order: by layer (top down), then by known category, unknown keys after the known ones of their layer.</summary>
    public static int Order(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = IndexOf(key);
        if (i >= 0) return i * 10;
        var layer = Layer(key);
        var li = IndexOfLayer(layer);
        var lastOfLayer = -1;
        for (var k = 0; k < KnownKeys.Count; k++)
            if (Layer(KnownKeys[k]) == layer) lastOfLayer = k;
        return lastOfLayer >= 0 ? lastOfLayer * 10 + 5 : 1000 + li * 10;
    }

    public static string Layer(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? key[..dot] : "engine";
    }

    public static string Color(string key) => CategoryPalette.Hex(key);

    private static int IndexOf(string key)
    {
        for (var i = 0; i < KnownKeys.Count; i++)
            if (KnownKeys[i] == key) return i;
        return -1;
    }

    private static int IndexOfLayer(string layer)
    {
        for (var i = 0; i < LayerOrder.Count; i++)
            if (LayerOrder[i] == layer) return i;
        return LayerOrder.Count;
    }
}
