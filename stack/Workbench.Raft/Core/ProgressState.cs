namespace Workbench.Raft.Core;

/// <summary>How the leader is currently replicating to one follower (etcd's tracker.StateType).</summary>
public enum ProgressState
{
    /// <summary>At most one append in flight, waiting to learn where the follower's log matches.</summary>
    Probe,

    /// <summary>Optimistic pipelining, bounded by the in-flight window.</summary>
    Replicate,

    /// <summary>A snapshot was sent; nothing else until it is acknowledged.</summary>
    Snapshot,
}
