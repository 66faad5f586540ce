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
    /// <summary>Leader and role, when changed since the last Ready (not persisted).</summary>
    public SoftState? SoftState { get; init; }
    /// <summary>Term, vote and commit, when changed since the last Ready; persist before sending.</summary>
    public HardState? HardState { get; init; }
    /// <summary>New log entries to append to storage before sending.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = [];
    /// <summary>A snapshot received from the leader, to persist and apply; null when none.</summary>
    public Snapshot? Snapshot { get; init; }
    /// <summary>Entries committed and not yet applied, in index order, to apply to the state machine.</summary>
    public IReadOnlyList<Entry> CommittedEntries { get; init; } = [];
    /// <summary>Messages to send once the state above is durable.</summary>
    public IReadOnlyList<Message> Messages { get; init; } = [];
    /// <summary>Answers to ReadIndex requests; serve each once applied up to its index.</summary>
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>
    /// True when the writes must be synced before sending (etcd's MustSync): new entries, a
    /// snapshot, or a changed term or vote. A commit-index-only change need not be synced: a lost
    /// commit index is re-learned from the leader.
    /// </summary>
    public bool MustSync { get; init; }
}
