namespace Workbench.Raft.Core;

/// <summary>The role a node plays in its current term (etcd's StateType).</summary>
public enum StateRole
{
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}
