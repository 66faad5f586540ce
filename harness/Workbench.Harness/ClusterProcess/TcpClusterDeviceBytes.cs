using Workbench.Cluster.Client;
using Workbench.Cluster.Net;
using Workbench.Harness.Ycsb;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// A tcp cluster's device bytes around a phase (`ycsb --pd … --processes FILE`): at each end of the
/// phase every running node is asked to flush its engine (<see cref="EngineFlush"/>), then every PD,
/// node and SQL server process's /proc/&lt;pid&gt;/io write_bytes is read; the phase's figure per
/// process is the difference, the cluster's the sum. Flushing at the start too keeps bytes the
/// engines held from before the phase out of it.
/// </summary>
internal sealed class TcpClusterDeviceBytes(IPdRpc pd, IReadOnlyList<(string Role, int Pid)> processes) : IExternalDeviceBytes
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(120);
    private IReadOnlyList<ClusterDeviceBytes.ProcessReading>? _before;

    /// <summary>Nodes whose last flush failed (store id: why), for the phase's line.</summary>
    public IReadOnlyList<EngineFlush.StoreFlush> LastFlushFailures { get; private set; } = [];

    public void Begin()
    {
        Flush();
        _before = ClusterDeviceBytes.Read(processes);
    }

    public ExternalDeviceReading End()
    {
        var before = _before ?? throw new InvalidOperationException("End without Begin");
        Flush();
        var after = ClusterDeviceBytes.Read(processes);
        var per = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var a in after)
            if (a.WriteBytes is { } av && before.FirstOrDefault(b => b.Pid == a.Pid)?.WriteBytes is { } bv) per[a.Role] = av - bv;
        var (total, line) = ClusterDeviceBytes.Delta(before, after);
        if (LastFlushFailures.Count > 0)
            line += "; not flushed: " + string.Join(", ", LastFlushFailures.Select(f => $"store {f.StoreId} ({f.Error})"));
        return new ExternalDeviceReading(total, per, line);
    }

    /// <summary>Flushes the engines of the nodes among <paramref name="processes"/> ("node N" roles); returns the failures.</summary>
    public static IReadOnlyList<EngineFlush.StoreFlush> FlushNodes(IPdRpc pd, IReadOnlyList<(string Role, int Pid)> processes)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(processes);
        var ids = new List<ulong>();
        foreach (var (role, _) in processes)
            if (role.StartsWith("node ", StringComparison.Ordinal) && ulong.TryParse(role.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                ids.Add(id);
        var answers = EngineFlush.FlushAsync(pd, ids, FlushTimeout).GetAwaiter().GetResult();
        return answers.Where(a => a.Error is not null).ToList();
    }

    private void Flush() => LastFlushFailures = FlushNodes(pd, processes);
}
