using Workbench.Raft.Messages;

namespace Workbench.Raft.Core;

/// <summary>
/// Work the host must do, in this order: persist <see cref="Snapshot"/>, <see cref="Entries"/> and
/// <see cref="HardState"/> (and sync); only then send <see cref="Messages"/> (replies such as vote
/// grants and append acks promise that state is durable); apply the snapshot and
/// <see cref="CommittedEntries"/> to the state machine; serve <see cref="ReadStates"/> once applied
/// up to their index; then call <see cref="RawNode.Advance"/>.
/// </summary>
public sealed class Ready
{
    public SoftState? SoftState { get; init; }
    public HardState? HardState { get; init; }
    public IReadOnlyList<Entry> Entries { get; init; } = [];
    public Snapshot? Snapshot { get; init; }
    public IReadOnlyList<Entry> CommittedEntries { get; init; } = [];
    public IReadOnlyList<Message> Messages { get; init; } = [];
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>
    /// True when the writes must be synced before sending (etcd's MustSync): new entries, a
    /// snapshot, or a changed term or vote. A commit-index-only change need not be synced: a lost
    /// commit index is re-learned from the leader.
    /// </summary>
    public bool MustSync { get; init; }
}
