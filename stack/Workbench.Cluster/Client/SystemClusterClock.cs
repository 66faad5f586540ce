using System.Diagnostics;

namespace Workbench.Cluster.Client;

/// <summary>Wall-clock time (monotonic milliseconds since the first use) and real delays.</summary>
public sealed class SystemClusterClock : IClusterClock
{
    /// <summary>The shared clock (one stopwatch per process).</summary>
    public static readonly SystemClusterClock Instance = new();

    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <inheritdoc/>
    public long NowMs => _watch.ElapsedMilliseconds;

    /// <inheritdoc/>
    public Task Delay(int milliseconds) => Task.Delay(milliseconds);
}
