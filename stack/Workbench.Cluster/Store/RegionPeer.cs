using System.Buffers.Binary;
using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Raft.Core;
using Workbench.Raft.Messages;

namespace Workbench.Cluster.Store;

/// <summary>
/// One peer of one region on this store (TiKV's PeerFsm): the region's Raft group member
/// (<see cref="RawNode"/> over <see cref="PeerStorage"/>), its proposals waiting to be applied,
/// its reads waiting for ReadIndex or the lease, and the region as this peer last applied it.
/// The <see cref="RaftStore"/> drives it: ticks, steps, collects its Ready into the store round,
/// applies its committed entries into the round's engine batch. Not thread-safe (the store loop).
/// </summary>
internal sealed class RegionPeer
{
    private readonly Queue<Proposal> _proposals = new();
    private readonly Dictionary<ulong, PendingRead> _pendingReads = [];
    private readonly List<(ulong Index, PendingRead Read)> _readsAwaitingApply = [];
    private readonly Dictionary<ulong, Peer> _peerCache = [];
    private readonly Dictionary<ulong, ulong> _snapshotsInFlight = [];
    private ulong _nextReadId;

    public RegionPeer(Region region, ulong peerId, ulong storeId, RaftConfig config, PeerStorage storage, ulong appliedIndex, ulong appliedTerm)
    {
        Region = region;
        PeerId = peerId;
        StoreId = storeId;
        Storage = storage;
        AppliedIndex = appliedIndex;
        AppliedTerm = appliedTerm;
        Raw = new RawNode(config, storage);
        foreach (var p in region.Peers) _peerCache[p.Id] = p;
    }

    public ulong RegionId => Region.Id;
    public ulong PeerId { get; }
    public ulong StoreId { get; }
    public Region Region { get; set; }
    public RawNode Raw { get; }
    public PeerStorage Storage { get; }
    public ulong AppliedIndex { get; set; }
    public ulong AppliedTerm { get; set; }

    /// <summary>A peer created by a message for a region it has no data of yet; it becomes initialized by a snapshot (or by the split that creates it).</summary>
    public bool IsInitialized => Region.Peers.Count > 0;

    public bool IsLeader => Raw.Raft.Role == StateRole.Leader;
    public ulong Term => Raw.Raft.Term;
    public int PendingProposals => _proposals.Count;

    /// <summary>Set once the peer was removed from its region (applied), so the store destroys it after the round.</summary>
    public bool PendingRemove { get; set; }

    /// <summary>Bytes written through this peer since the last split check (TiKV's approximate size delta).</summary>
    public long WrittenSinceSplitCheck { get; set; }

    public long ApproximateSize { get; set; }
    public long ApproximateKeys { get; set; }
    public ulong LastSplitCheckTick { get; set; }
    public ulong LastHeartbeatTick { get; set; }

    /// <summary>Report to PD at the next tick (after a membership change or on becoming leader), not only every RegionHeartbeatTicks.</summary>
    public bool HeartbeatDue { get; set; }

    /// <summary>A split asked of PD and not yet proposed or abandoned.</summary>
    public bool SplitInFlight { get; set; }

    public Peer? LeaderPeer => Raw.Raft.Leader == 0 ? null : FindPeer(Raw.Raft.Leader);

    public Peer? FindPeer(ulong peerId) => _peerCache.GetValueOrDefault(peerId);

    public Peer Self => FindPeer(PeerId) ?? new Peer { Id = PeerId, StoreId = StoreId };

    /// <summary>Learns where a peer lives (from a message it sent); a peer without a store is ignored.</summary>
    public void RememberPeer(Peer p)
    {
        if (p.StoreId != 0) _peerCache[p.Id] = p;
    }

    public void RefreshPeerCache()
    {
        foreach (var p in Region.Peers) _peerCache[p.Id] = p;
    }

    // ---- proposals ----

    /// <summary>Proposes a command; <paramref name="done"/> runs once it is applied (null error) or fails.</summary>
    public RegionError? Propose(RaftCmdRequest cmd, ulong deadline, Action<RegionError?> done)
    {
        if (!Raw.Propose(cmd.ToByteArray())) return NotLeaderError();
        _proposals.Enqueue(new Proposal(Raw.Raft.RaftLog.LastIndex, Term, deadline, done));
        return null;
    }

    public RegionError? ProposeConfChange(ConfChange cc, ulong deadline, Action<RegionError?> done)
    {
        if (!Raw.ProposeConfChange(cc))
            return IsLeader ? new RegionError { Message = $"region {RegionId}: another membership change is pending", ServerIsBusy = new ServerIsBusy { Reason = "conf change pending", BackoffMs = 10 } } : NotLeaderError();
        _proposals.Enqueue(new Proposal(Raw.Raft.RaftLog.LastIndex, Term, deadline, done));
        return null;
    }

    /// <summary>The entry at <paramref name="index"/> with <paramref name="term"/> was applied with <paramref name="result"/>: completes its proposal, and fails older ones whose entries were overwritten.</summary>
    public void CompleteProposals(ulong index, ulong term, RegionError? result, List<Action> callbacks)
    {
        while (_proposals.TryPeek(out var p) && p.Index <= index)
        {
            _proposals.Dequeue();
            var err = p.Index == index && p.Term == term ? result : StaleCommandError();
            callbacks.Add(() => p.Done(err));
        }
    }

    // ---- reads ----

    /// <summary>Starts a linearizable read (ReadIndex, or the lease when lease reads are on); <paramref name="ready"/> runs on the store loop once this peer has applied far enough, with an error when it cannot serve.</summary>
    public void Read(ulong deadline, Action<RegionError?> ready)
    {
        var id = ++_nextReadId;
        var ctx = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(ctx, PeerId);
        BinaryPrimitives.WriteUInt64LittleEndian(ctx.AsSpan(8), id);
        _pendingReads[id] = new PendingRead(deadline, ready);
        Raw.ReadIndex(ByteString.CopyFrom(ctx));
    }

    public void OnReadStates(IReadOnlyList<ReadState> states)
    {
        foreach (var rs in states)
        {
            if (rs.Context.Length != 16) continue;
            var id = BinaryPrimitives.ReadUInt64LittleEndian(rs.Context.Span[8..]);
            if (_pendingReads.Remove(id, out var read)) _readsAwaitingApply.Add((rs.Index, read));
        }
    }

    /// <summary>Runs the reads whose read index is applied (on the loop, so each sees exactly the applied state).</summary>
    public void ServeReads()
    {
        for (var i = 0; i < _readsAwaitingApply.Count; i++)
        {
            var (index, read) = _readsAwaitingApply[i];
            if (index > AppliedIndex) continue;
            _readsAwaitingApply.RemoveAt(i);
            i--;
            read.Ready(null);
        }
    }

    /// <summary>Fails reads that wait on leadership this peer no longer has.</summary>
    public void FailPendingReads()
    {
        if (_pendingReads.Count == 0) return;
        var err = NotLeaderError();
        var reads = _pendingReads.Values.ToList();
        _pendingReads.Clear();
        foreach (var r in reads) r.Ready(err);
    }

    public void ExpireRequests(ulong tick)
    {
        while (_proposals.TryPeek(out var p) && p.Deadline < tick)
        {
            // Outcome unknown: the entry may still commit. The client treats a timeout as undetermined.
            _proposals.Dequeue();
            p.Done(new RegionError { Message = $"region {RegionId}: proposal timed out (outcome unknown)", Undetermined = true });
        }
        List<ulong>? expired = null;
        foreach (var (id, r) in _pendingReads)
            if (r.Deadline < tick) (expired ??= []).Add(id);
        if (expired is not null)
            foreach (var id in expired)
                if (_pendingReads.Remove(id, out var r)) r.Ready(new RegionError { Message = $"region {RegionId}: read timed out", StaleCommand = new StaleCommand() });
        for (var i = 0; i < _readsAwaitingApply.Count; i++)
        {
            if (_readsAwaitingApply[i].Read.Deadline >= tick) continue;
            var r = _readsAwaitingApply[i].Read;
            _readsAwaitingApply.RemoveAt(i);
            i--;
            r.Ready(new RegionError { Message = $"region {RegionId}: read timed out", StaleCommand = new StaleCommand() });
        }
    }

    /// <summary>Fails everything outstanding (the peer is destroyed or the store stops). Proposals may still commit on other replicas, so they fail as undetermined.</summary>
    public void FailAll(RegionError err)
    {
        var undetermined = err.Clone();
        undetermined.Undetermined = true;
        while (_proposals.TryDequeue(out var p)) p.Done(undetermined);
        foreach (var r in _pendingReads.Values) r.Ready(err);
        _pendingReads.Clear();
        foreach (var (_, r) in _readsAwaitingApply) r.Ready(err);
        _readsAwaitingApply.Clear();
    }

    // ---- snapshots in flight (etcd's ReportSnapshot) ----

    public void SnapshotSent(ulong to, ulong tick) => _snapshotsInFlight[to] = tick;

    /// <summary>A snapshot's success is the follower's append response; one unacknowledged for too long is reported failed so the leader sends it again.</summary>
    public void RetryLostSnapshots(ulong tick, int retryTicks)
    {
        if (_snapshotsInFlight.Count == 0) return;
        List<ulong>? done = null;
        foreach (var (to, sentAt) in _snapshotsInFlight)
        {
            var stillSending = IsLeader && Raw.Raft.Progress.TryGetValue(to, out var pr) && pr.State == ProgressState.Snapshot;
            if (!stillSending) (done ??= []).Add(to);
            else if (tick - sentAt >= (ulong)retryTicks)
            {
                Raw.ReportSnapshot(to, failed: true);
                (done ??= []).Add(to);
            }
        }
        if (done is not null)
            foreach (var to in done) _snapshotsInFlight.Remove(to);
    }

    // ---- errors ----

    public RegionError NotLeaderError()
    {
        var leader = LeaderPeer;
        return new RegionError
        {
            Message = $"peer {PeerId} of region {RegionId} is not leader",
            NotLeader = new NotLeader { RegionId = RegionId, Leader = leader?.Clone() },
        };
    }

    public RegionError StaleCommandError() => new() { Message = $"region {RegionId}: stale command (its entry was overwritten by a new leader)", StaleCommand = new StaleCommand() };

    public RegionError EpochNotMatchError(string why) => new()
    {
        Message = $"region {RegionId}: epoch not match: {why}",
        EpochNotMatch = new EpochNotMatch { CurrentRegions = { Region.Clone() } },
    };

    private sealed record Proposal(ulong Index, ulong Term, ulong Deadline, Action<RegionError?> Done);

    private sealed record PendingRead(ulong Deadline, Action<RegionError?> Ready);
}
