using Google.Protobuf;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Core;

/// <summary>
/// The host-facing API of one Raft node (etcd's RawNode / raft-rs's RawNode): feed it ticks,
/// messages and proposals; take a <see cref="Ready"/>, do its work, then <see cref="Advance"/>.
/// Deterministic and single-threaded; the host owns all threads, clocks and IO.
/// </summary>
public sealed class RawNode
{
    private SoftState _prevSoft;
    private HardState _prevHard;
    private Ready? _outstanding;

    /// <summary>A node over <paramref name="storage"/>, starting as a follower with the state the storage holds.</summary>
    public RawNode(RaftConfig config, IRaftStorage storage)
    {
        Raft = new RaftCore(config, storage);
        _prevSoft = Raft.SoftState;
        _prevHard = Raft.HardState;
    }

    /// <summary>The consensus state machine underneath (read-only use by hosts and tests; drive it through this class).</summary>
    public RaftCore Raft { get; }

    /// <summary>Advances logical time by one tick (the host calls it on its timer).</summary>
    public void Tick() => Raft.Tick();

    /// <summary>Starts an election now (pre-vote first when enabled), as if the election timeout had passed.</summary>
    public void Campaign() => Raft.Step(new Message { MsgType = MessageType.MsgHup });

    /// <summary>Proposes a normal entry; false when dropped (not leader, leadership transfer in progress, or removed).</summary>
    public bool Propose(ReadOnlySpan<byte> data)
    {
        var m = new Message { MsgType = MessageType.MsgPropose, From = Raft.Id };
        m.Entries.Add(new Entry { EntryType = EntryType.EntryNormal, Data = ByteString.CopyFrom(data) });
        return Raft.Step(m);
    }

    /// <summary>Proposes a single-step membership change; false if dropped or another change is still pending.</summary>
    public bool ProposeConfChange(ConfChange cc)
    {
        ArgumentNullException.ThrowIfNull(cc);
        var m = new Message { MsgType = MessageType.MsgPropose, From = Raft.Id };
        m.Entries.Add(new Entry { EntryType = EntryType.EntryConfChange, Data = cc.ToByteString() });
        return Raft.Step(m);
    }

    /// <summary>Applies a committed membership change to the progress set; returns the new configuration (for the next snapshot).</summary>
    public ConfState ApplyConfChange(ConfChange cc) => Raft.ApplyConfChange(cc);

    /// <summary>Handles a message from the network. Local-only message types are refused; responses from unknown peers ignored.</summary>
    public void Step(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.MsgType is MessageType.MsgHup or MessageType.MsgBeat or MessageType.MsgUnreachable or MessageType.MsgSnapStatus or MessageType.MsgCheckQuorum)
            throw new ArgumentException($"node {Raft.Id}: {m.MsgType} is a local message and cannot come from the network");
        if (IsResponse(m.MsgType) && !Raft.Progress.ContainsKey(m.From)) return;
        Raft.Step(m);
    }

    /// <summary>Requests a linearizable read; a <see cref="ReadState"/> with this context appears in a later Ready.</summary>
    public void ReadIndex(ByteString context)
    {
        var m = new Message { MsgType = MessageType.MsgReadIndex };
        m.Entries.Add(new Entry { Data = context });
        Raft.Step(m);
    }

    /// <summary>Asks for leadership to move to <paramref name="transferee"/>: the leader catches it up and tells it to campaign.</summary>
    public void TransferLeader(ulong transferee) => Raft.Step(new Message { MsgType = MessageType.MsgTransferLeader, From = transferee });

    /// <summary>Tells the leader that a send to peer <paramref name="id"/> failed, so it falls back to probing that peer.</summary>
    public void ReportUnreachable(ulong id) => Raft.Step(new Message { MsgType = MessageType.MsgUnreachable, From = id });

    /// <summary>Reports whether a snapshot sent to peer <paramref name="id"/> failed; either way the leader resumes probing from it.</summary>
    public void ReportSnapshot(ulong id, bool failed) => Raft.Step(new Message { MsgType = MessageType.MsgSnapStatus, From = id, Reject = failed });

    private static bool IsResponse(MessageType t) => t is MessageType.MsgAppendResponse or MessageType.MsgRequestVoteResponse or MessageType.MsgHeartbeatResponse or MessageType.MsgRequestPreVoteResponse;

    /// <summary>Whether <see cref="Ready"/> would return any work (state change, entries to persist or apply, messages, read states).</summary>
    public bool HasReady
    {
        get
        {
            if (Raft.SoftState != _prevSoft) return true;
            var hs = Raft.HardState;
            if (!hs.Equals(_prevHard)) return true;
            if (Raft.RaftLog.UnstableSnapshot is not null) return true;
            if (Raft.Messages.Count > 0 || Raft.ReadStates.Count > 0) return true;
            var log = Raft.RaftLog;
            return log.HasUnstableEntries || log.HasNextEntries;
        }
    }

    /// <summary>Collects the pending work as a <see cref="Core.Ready"/>; throws if the previous one was not yet followed by Advance.</summary>
    public Ready Ready()
    {
        if (_outstanding is not null) throw new InvalidOperationException($"node {Raft.Id}: Ready taken twice without Advance");
        var soft = Raft.SoftState;
        var hard = Raft.HardState;
        var rd = new Ready
        {
            SoftState = soft != _prevSoft ? soft : null,
            HardState = hard.Equals(_prevHard) ? null : hard,
            Entries = Raft.RaftLog.UnstableEntries(),
            Snapshot = Raft.RaftLog.UnstableSnapshot,
            CommittedEntries = Raft.RaftLog.NextEntries(),
            Messages = Raft.TakeMessages(),
            ReadStates = Raft.TakeReadStates(),
            MustSync = hard.Term != _prevHard.Term || hard.Vote != _prevHard.Vote,
        };
        if (rd.SoftState is not null) _prevSoft = soft;
        if (rd.Entries.Count > 0 || rd.Snapshot is not null) rd = WithMustSync(rd);
        _outstanding = rd;
        return rd;
    }

    private static Ready WithMustSync(Ready rd) => new()
    {
        SoftState = rd.SoftState, HardState = rd.HardState, Entries = rd.Entries, Snapshot = rd.Snapshot,
        CommittedEntries = rd.CommittedEntries, Messages = rd.Messages, ReadStates = rd.ReadStates, MustSync = true,
    };

    /// <summary>Tells the core the Ready was persisted and applied.</summary>
    public void Advance(Ready rd)
    {
        ArgumentNullException.ThrowIfNull(rd);
        if (!ReferenceEquals(rd, _outstanding)) throw new InvalidOperationException($"node {Raft.Id}: Advance with a Ready that is not the outstanding one");
        _outstanding = null;
        if (rd.HardState is not null) _prevHard = rd.HardState;
        // The host restores a snapshot before applying the committed entries that follow it.
        if (rd.Snapshot is not null && rd.Snapshot.Metadata.Index > Raft.RaftLog.Applied) Raft.RaftLog.AppliedTo(rd.Snapshot.Metadata.Index);
        if (rd.CommittedEntries.Count > 0) Raft.RaftLog.AppliedTo(rd.CommittedEntries[^1].Index);
        if (rd.Entries.Count > 0) Raft.RaftLog.StableTo(rd.Entries[^1].Index, rd.Entries[^1].Term);
        if (rd.Snapshot is not null) Raft.RaftLog.StableSnapTo(rd.Snapshot.Metadata.Index);
    }
}
