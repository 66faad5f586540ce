namespace Workbench.Cluster.Client;

/// <summary>
/// The client's time: wall clock in the in-process and tcp topologies, the simulation's virtual
/// clock in the simulated one (where <see cref="Delay"/> completes when virtual time gets there).
/// </summary>
public interface IClusterClock
{
    long NowMs { get; }

    Task Delay(int milliseconds);
}
