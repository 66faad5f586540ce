using Workbench.Raft.Log;
using Workbench.Raft.Messages;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>Wraps a storage and remembers what was durable (synced) last: term, vote and last log index.</summary>
public sealed class SyncTrackingStorage(IRaftStorage inner) : IRaftStorage
{
    private HardState _synced = inner.InitialState().HardState;
    private HardState _written = inner.InitialState().HardState;
    private ulong _syncedLast = inner.LastIndex;

    /// <summary>Why sending <paramref name="m"/> now would promise state that is not durable, or null if it is fine.</summary>
    public string? Violation(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var isPreVote = m.MsgType is MessageType.MsgRequestPreVote or MessageType.MsgRequestPreVoteResponse;
        if (!isPreVote && m.Term > _synced.Term) return $"{m.MsgType} at term {m.Term} but durable term is {_synced.Term}";
        if (m.MsgType == MessageType.MsgRequestVoteResponse && !m.Reject && (_synced.Vote != m.To || _synced.Term != m.Term))
            return $"vote granted to {m.To} in term {m.Term} but durable vote is {_synced.Vote} in term {_synced.Term}";
        if (m.MsgType == MessageType.MsgRequestVote && (_synced.Vote != m.From || _synced.Term != m.Term))
            return $"campaigning in term {m.Term} without a durable self-vote";
        if (m.MsgType == MessageType.MsgAppendResponse && !m.Reject && m.Index > _syncedLast)
            return $"append acknowledged up to {m.Index} but only {_syncedLast} is durable";
        return null;
    }

    public RaftInitialState InitialState() => inner.InitialState();
    public IReadOnlyList<Entry> Entries(ulong lo, ulong hi, ulong maxSize) => inner.Entries(lo, hi, maxSize);
    public bool TryTerm(ulong index, out ulong term) => inner.TryTerm(index, out term);
    public ulong FirstIndex => inner.FirstIndex;
    public ulong LastIndex => inner.LastIndex;
    public Snapshot Snapshot() => inner.Snapshot();

    public void Append(IReadOnlyList<Entry> entries)
    {
        inner.Append(entries);
        // A conflicting append may shorten the durable prefix until the next sync.
        if (entries.Count > 0) _syncedLast = Math.Min(_syncedLast, entries[0].Index - 1);
    }

    public void SetHardState(HardState hardState)
    {
        inner.SetHardState(hardState);
        _written = hardState.Clone();
    }

    public void ApplySnapshot(Snapshot snapshot)
    {
        inner.ApplySnapshot(snapshot);
        _syncedLast = Math.Min(_syncedLast, snapshot.Metadata.Index);
    }

    public void CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data) => inner.CreateSnapshot(index, confState, data);
    public void Compact(ulong compactIndex) => inner.Compact(compactIndex);

    public void Sync()
    {
        inner.Sync();
        _synced = _written.Clone();
        _syncedLast = inner.LastIndex;
    }
}
