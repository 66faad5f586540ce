using System.Diagnostics;

namespace Workbench.Cluster.Client;

/// <summary>Wall-clock time (monotonic milliseconds since the first use) and real delays.</summary>
public sealed class SystemClusterClock : IClusterClock
{
    public static readonly SystemClusterClock Instance = new();

    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long NowMs => _watch.ElapsedMilliseconds;

    public Task Delay(int milliseconds) => Task.Delay(milliseconds);
}
