namespace Workbench.Txn.Oracle;

/// <summary>The wall clock the TSO and TTL checks read, injected so tests and simulations control time. Thread-safe.</summary>
public interface IPhysicalClock
{
    /// <summary>Milliseconds since the Unix epoch. May step backwards; users must cope.</summary>
    long NowMs();
}
