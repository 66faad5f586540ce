namespace Workbench.Jepsen.Txn;

/// <summary>The store is down (killed) or did not answer in time (paused): what a client sees as a refused or timed-out connection.</summary>
public sealed class ServiceUnavailableException(string message) : Exception(message);
