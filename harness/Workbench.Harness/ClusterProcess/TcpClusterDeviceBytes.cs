using Workbench.Cluster.Client;
using Workbench.Cluster.Net;
using Workbench.Harness.Ycsb;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// A tcp cluster's device bytes around a phase (`ycsb --pd … --processes FILE`): at each end of the
/// phase every running node is asked to flush its engine (<see cref="EngineFlush"/>), then every PD,
/// node and SQL server process's /proc/&lt;pid&gt;/io write_bytes is read; the phase's figure per
/// process is the difference, the cluster's the sum. Flushing at the start too keeps bytes the
/// engines held from before the phase out of it. After each flush every node's attribution
/// counters are read too (<see cref="NodeAttributionReader"/>), so the phase's device bytes can be
/// explained by cause although other processes wrote them.
/// </summary>
internal sealed class TcpClusterDeviceBytes(IPdRpc pd, IReadOnlyList<(string Role, int Pid)> processes) : IExternalDeviceBytes
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(120);
    private IReadOnlyList<ClusterDeviceBytes.ProcessReading>? _before;
    private Counters? _countersBefore;

    /// <summary>Nodes whose last flush failed (store id: why), for the phase's line.</summary>
    public IReadOnlyList<EngineFlush.StoreFlush> LastFlushFailures { get; private set; } = [];

    public void Begin()
    {
        Flush();
        _countersBefore = ReadCounters();
        _before = ClusterDeviceBytes.Read(processes);
    }

    public ExternalDeviceReading End()
    {
        var before = _before ?? throw new InvalidOperationException("End without Begin");
        Flush();
        var countersAfter = ReadCounters();
        var after = ClusterDeviceBytes.Read(processes);
        var per = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var a in after)
            if (a.WriteBytes is { } av && before.FirstOrDefault(b => b.Pid == a.Pid)?.WriteBytes is { } bv) per[a.Role] = av - bv;
        var (total, line) = ClusterDeviceBytes.Delta(before, after);
        if (LastFlushFailures.Count > 0)
            line += "; not flushed: " + string.Join(", ", LastFlushFailures.Select(f => $"store {f.StoreId} ({f.Error})"));
        var (attribution, layers, note) = Explain(_countersBefore!, countersAfter, per);
        return new ExternalDeviceReading(total, per, line, attribution, layers, note);
    }

    /// <summary>Every node's attribution counters at one moment (after a flush), and the nodes that did not answer.</summary>
    private sealed record Counters(Dictionary<string, long> Device, Dictionary<string, long> Layers, List<string> Missing);

    private Counters ReadCounters()
    {
        var device = new Dictionary<string, long>(StringComparer.Ordinal);
        var layers = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<string>();
        var answers = NodeAttributionReader.ReadAsync(pd, NodeIds(processes), FlushTimeout).GetAwaiter().GetResult();
        foreach (var a in answers)
        {
            if (a.Counters is not { } c)
            {
                missing.Add($"store {a.StoreId}: {a.Error}");
                continue;
            }
            foreach (var (k, v) in c.Device) device[k] = device.GetValueOrDefault(k) + v;
            foreach (var (k, v) in c.Layers) layers[k] = layers.GetValueOrDefault(k) + v;
        }
        return new Counters(device, layers, missing);
    }

    /// <summary>
    /// The phase's attribution: the nodes' counters (after − before, summed over nodes), plus the
    /// processes without an engine (PD, the SQL server) under their own role ("pd.process",
    /// "sql.process": every byte that process wrote is its own, as /proc measured it). Null with a
    /// note when some node did not answer at either end: a partial sum would look like a low share.
    /// </summary>
    private static (Dictionary<string, long>? Attribution, Dictionary<string, long>? Layers, string? Note) Explain(Counters before, Counters after, Dictionary<string, long> perProcess)
    {
        var missing = before.Missing.Concat(after.Missing).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            return (null, null, "attribution unavailable: " + string.Join("; ", missing));
        var attribution = Matrix.Attribution.AttributionProbe.Delta(after.Device, before.Device);
        foreach (var (role, bytes) in perProcess)
            if (role is "pd" or "sql" && bytes > 0) attribution[role + ".process"] = bytes;
        return (attribution, Matrix.Attribution.AttributionProbe.Delta(after.Layers, before.Layers), null);
    }

    private static List<ulong> NodeIds(IReadOnlyList<(string Role, int Pid)> processes)
    {
        var ids = new List<ulong>();
        foreach (var (role, _) in processes)
            if (role.StartsWith("node ", StringComparison.Ordinal) && ulong.TryParse(role.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                ids.Add(id);
        return ids;
    }

    /// <summary>Flushes the engines of the nodes among <paramref name="processes"/> ("node N" roles); returns the failures.</summary>
    public static IReadOnlyList<EngineFlush.StoreFlush> FlushNodes(IPdRpc pd, IReadOnlyList<(string Role, int Pid)> processes)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(processes);
        var answers = EngineFlush.FlushAsync(pd, NodeIds(processes), FlushTimeout).GetAwaiter().GetResult();
        return answers.Where(a => a.Error is not null).ToList();
    }

    private void Flush() => LastFlushFailures = FlushNodes(pd, processes);
}
