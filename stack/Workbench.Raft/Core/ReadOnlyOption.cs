namespace Workbench.Raft.Core;

/// <summary>How the leader serves ReadIndex requests.</summary>
public enum ReadOnlyOption
{
    /// <summary>Confirm leadership with a heartbeat round to a quorum per read batch (Raft thesis §6.4).</summary>
    Safe,

    /// <summary>
    /// Answer from the leader lease when it is valid (a quorum acknowledged a message sent less than
    /// <see cref="RaftConfig.LeaseTicks"/> ticks ago); otherwise fall back to <see cref="Safe"/>.
    /// Assumes the tick rates of all nodes differ by less than the margin
    /// (<see cref="RaftConfig.ElectionTick"/> - <see cref="RaftConfig.LeaseTicks"/>) per election timeout.
    /// </summary>
    LeaseBased,
}
