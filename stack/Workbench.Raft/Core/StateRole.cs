namespace Workbench.Raft.Core;

/// <summary>The role a node plays in its current term (etcd's StateType).</summary>
public enum StateRole
{
    /// <summary>Follows a leader's log; campaigns after an election timeout.</summary>
    Follower,
    /// <summary>Running the pre-vote round: asks for votes without raising the term.</summary>
    PreCandidate,
    /// <summary>Asking for votes in a new term.</summary>
    Candidate,
    /// <summary>Accepts proposals and replicates the log.</summary>
    Leader,
}
