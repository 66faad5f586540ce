namespace Workbench.Cluster.Client;

/// <summary>A request the client could not complete within its backoff budget (the message says why), or a server-side error that retrying cannot fix.</summary>
public sealed class ClusterException(string message) : Exception(message)
{
    /// <summary>True when a write may or may not have been applied (it timed out after reaching a leader).</summary>
    public bool Undetermined { get; init; }
}
