namespace Workbench.Cluster.Client;

/// <summary>
/// The client's time: wall clock in the in-process and tcp topologies, the simulation's virtual
/// clock in the simulated one (where <see cref="Delay"/> completes when virtual time gets there).
/// </summary>
public interface IClusterClock
{
    /// <summary>Monotonic milliseconds (wall or virtual).</summary>
    long NowMs { get; }

    /// <summary>Completes after <paramref name="milliseconds"/> of this clock's time.</summary>
    Task Delay(int milliseconds);
}
