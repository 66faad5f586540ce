using Google.Protobuf;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Storage.Contract;

namespace Workbench.Cluster.Kv;

/// <summary>
/// One replica of the replicated KV demo: a <see cref="RawNode"/> plus its storage and
/// <see cref="KvStateMachine"/>. Writes (put/cas/delete) go through the log; gets use ReadIndex
/// (or the lease, per <see cref="RaftConfig.ReadOnlyOption"/>) and are answered once the state
/// machine has applied the read index. Only the leader accepts requests. Callbacks run on the
/// driver thread. Not thread-safe: one driver (simulation loop or TCP host loop) owns it.
///
/// On start the state machine is rebuilt from the storage's snapshot and the committed log is
/// re-applied, so the engine need not be durable by itself (the Raft log is the source of truth).
/// </summary>
public sealed class KvNode
{
    private readonly IRaftStorage _storage;
    private readonly KvStateMachine _sm;
    private readonly KvNodeOptions _options;
    private readonly ulong _proposerId;
    private readonly Dictionary<ulong, PendingRequest> _pendingWrites = [];
    private readonly Dictionary<ByteString, PendingRequest> _pendingReads = [];
    private readonly List<(ulong Index, PendingRequest Request)> _readsAwaitingApply = [];
    private readonly Dictionary<ulong, ulong> _snapshotsInFlight = [];
    private ulong _nextRequest;
    private ulong _tick;
    private ulong _lastSnapshotIndex;
    private ConfState _confState;

    /// <summary>A replica with Raft settings <paramref name="config"/> over <paramref name="storage"/>, applying to <paramref name="engine"/>; the state machine is rebuilt from the storage's snapshot (the committed log is re-applied as Raft hands it out).</summary>
    public KvNode(RaftConfig config, IRaftStorage storage, IKvEngine engine, KvNodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _options = options ?? new KvNodeOptions();
        _sm = new KvStateMachine(engine);
        var snap = storage.Snapshot();
        var snapIndex = snap.Metadata?.Index ?? 0;
        _sm.Restore(snap.Data.Span);
        _lastSnapshotIndex = snapIndex;
        _confState = storage.InitialState().ConfState;
        _proposerId = (ulong)config.Random.NextInt64(1, long.MaxValue);
        var cfg = new RaftConfig
        {
            Id = config.Id, ElectionTick = config.ElectionTick, HeartbeatTick = config.HeartbeatTick, Applied = snapIndex,
            MaxSizePerMsg = config.MaxSizePerMsg, MaxCommittedSizePerReady = config.MaxCommittedSizePerReady,
            MaxInflightMsgs = config.MaxInflightMsgs, CheckQuorum = config.CheckQuorum, PreVote = config.PreVote,
            ReadOnlyOption = config.ReadOnlyOption, LeaseTicks = config.LeaseTicks, Random = config.Random,
        };
        Raw = new RawNode(cfg, storage);
    }

    /// <summary>The Raft node underneath (tests and the drivers step, tick and inspect it).</summary>
    public RawNode Raw { get; }
    /// <summary>This replica's Raft peer id.</summary>
    public ulong Id => Raw.Raft.Id;
    /// <summary>Whether this replica is the leader now (it changes on the driver thread only).</summary>
    public bool IsLeader => Raw.Raft.Role == StateRole.Leader;
    /// <summary>The leader this replica knows of, 0 when none.</summary>
    public ulong LeaderId => Raw.Raft.Leader;
    /// <summary>This replica's current Raft term.</summary>
    public ulong Term => Raw.Raft.Term;
    /// <summary>Index of the last log entry applied to the state machine.</summary>
    public ulong AppliedIndex => Raw.Raft.RaftLog.Applied;
    /// <summary>The state machine the committed commands are applied to.</summary>
    public KvStateMachine StateMachine => _sm;
    /// <summary>The membership as of the last applied configuration change (or the storage's initial state).</summary>
    public ConfState ConfState => _confState;

    /// <summary>Called for every committed entry as it is applied (tests check state-machine safety with it).</summary>
    public Action<ulong, Entry>? OnApply { get; set; }

    /// <summary>Committed entries applied so far by this process (for throughput measurements).</summary>
    public long AppliedEntries { get; private set; }

    /// <summary>Advances the logical clock one tick: Raft timers, request timeouts, snapshot re-sends.</summary>
    public void Tick()
    {
        _tick++;
        Raw.Tick();
        ExpireRequests();
        RetryLostSnapshots();
    }

    /// <summary>Hands a message from a peer to Raft.</summary>
    public void Step(Message m) => Raw.Step(m);

    /// <summary>Starts a command; <paramref name="done"/> is called exactly once (possibly immediately).</summary>
    public void Submit(KvCommand command, Action<KvResult> done)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(done);
        if (command.Op == KvOp.KvGet && _options.UnsafeLocalReads)
        {
            done(_sm.Read(command.Key.Span));
            return;
        }
        if (!IsLeader)
        {
            done(KvResult.NotLeader(LeaderId));
            return;
        }
        var pending = new PendingRequest(command, done, _tick + (ulong)_options.RequestTimeoutTicks);
        var id = ++_nextRequest;
        if (command.Op == KvOp.KvGet)
        {
            var ctxBytes = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(ctxBytes, _proposerId);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(ctxBytes.AsSpan(8), id);
            var ctx = ByteString.CopyFrom(ctxBytes);
            _pendingReads[ctx] = pending;
            Raw.ReadIndex(ctx);
            return;
        }
        var cmd = command.Clone();
        cmd.ClientId = _proposerId;
        cmd.RequestId = id;
        _pendingWrites[id] = pending;
        if (!Raw.Propose(cmd.ToByteArray()))
        {
            _pendingWrites.Remove(id);
            done(KvResult.Dropped);
        }
    }

    /// <summary>Proposes a membership change; false when Raft dropped it or another change is still pending.</summary>
    public bool ProposeConfChange(ConfChange cc) => Raw.ProposeConfChange(cc);

    /// <summary>Asks the leader to hand leadership to peer <paramref name="transferee"/>.</summary>
    public void TransferLeader(ulong transferee) => Raw.TransferLeader(transferee);

    /// <summary>
    /// Handles every Ready: persist (and sync) first, then send, then apply. <paramref name="send"/>
    /// must not call back into this node.
    /// </summary>
    public void ProcessReady(Action<Message> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        while (Raw.HasReady)
        {
            var rd = Raw.Ready();
            if (rd.SoftState is { } soft && soft.Role != StateRole.Leader) FailPendingReads();
            if (rd.Snapshot is not null) _storage.ApplySnapshot(rd.Snapshot);
            if (rd.Entries.Count > 0) _storage.Append(rd.Entries);
            if (rd.HardState is not null) _storage.SetHardState(rd.HardState);
            if (rd.MustSync) _storage.Sync();
            foreach (var m in rd.Messages)
            {
                send(m);
                if (m.MsgType == MessageType.MsgSnapshot) _snapshotsInFlight[m.To] = _tick;
            }
            if (rd.Snapshot is not null)
            {
                _sm.Restore(rd.Snapshot.Data.Span);
                _confState = rd.Snapshot.Metadata.ConfState.Clone();
                _lastSnapshotIndex = rd.Snapshot.Metadata.Index;
            }
            foreach (var e in rd.CommittedEntries) ApplyEntry(e);
            foreach (var rs in rd.ReadStates)
                if (_pendingReads.Remove(rs.Context, out var req)) _readsAwaitingApply.Add((rs.Index, req));
            Raw.Advance(rd);
            ServeReads();
            MaybeSnapshot();
        }
    }

    private void ApplyEntry(Entry e)
    {
        AppliedEntries++;
        OnApply?.Invoke(Id, e);
        if (e.EntryType == EntryType.EntryConfChange)
        {
            var cc = ConfChange.Parser.ParseFrom(e.Data);
            _confState = Raw.ApplyConfChange(cc);
            return;
        }
        if (e.Data.IsEmpty) return; // a new leader's empty entry
        var cmd = KvCommand.Parser.ParseFrom(e.Data);
        var result = _sm.Apply(cmd);
        if (cmd.ClientId == _proposerId && _pendingWrites.Remove(cmd.RequestId, out var req)) req.Done(result);
    }

    private void ServeReads()
    {
        if (_readsAwaitingApply.Count == 0) return;
        var applied = AppliedIndex;
        for (var i = 0; i < _readsAwaitingApply.Count; i++)
        {
            var (index, req) = _readsAwaitingApply[i];
            if (index > applied) continue;
            req.Done(_sm.Read(req.Command.Key.Span));
            _readsAwaitingApply.RemoveAt(i);
            i--;
        }
    }

    private void FailPendingReads()
    {
        foreach (var req in _pendingReads.Values) req.Done(KvResult.NotLeader(LeaderId));
        _pendingReads.Clear();
    }

    private void ExpireRequests()
    {
        List<ulong>? expiredWrites = null;
        foreach (var (id, req) in _pendingWrites)
            if (req.Deadline < _tick) (expiredWrites ??= []).Add(id);
        if (expiredWrites is not null)
            foreach (var id in expiredWrites)
                if (_pendingWrites.Remove(id, out var req)) req.Done(KvResult.TimedOut);
        List<ByteString>? expiredReads = null;
        foreach (var (ctx, req) in _pendingReads)
            if (req.Deadline < _tick) (expiredReads ??= []).Add(ctx);
        if (expiredReads is not null)
            foreach (var ctx in expiredReads)
                if (_pendingReads.Remove(ctx, out var req)) req.Done(KvResult.TimedOut);
        for (var i = 0; i < _readsAwaitingApply.Count; i++)
        {
            if (_readsAwaitingApply[i].Request.Deadline >= _tick) continue;
            _readsAwaitingApply[i].Request.Done(KvResult.TimedOut);
            _readsAwaitingApply.RemoveAt(i);
            i--;
        }
    }

    /// <summary>
    /// A snapshot's success is the follower's append response (progress leaves the Snapshot state);
    /// one unacknowledged for too long is reported failed, so the leader probes and sends it again.
    /// </summary>
    private void RetryLostSnapshots()
    {
        if (_snapshotsInFlight.Count == 0) return;
        List<ulong>? done = null;
        foreach (var (to, sentAt) in _snapshotsInFlight)
        {
            var stillSending = IsLeader && Raw.Raft.Progress.TryGetValue(to, out var pr) && pr.State == ProgressState.Snapshot;
            if (!stillSending) (done ??= []).Add(to);
            else if (_tick - sentAt >= (ulong)_options.SnapshotRetryTicks)
            {
                Raw.ReportSnapshot(to, failed: true);
                (done ??= []).Add(to);
            }
        }
        if (done is not null)
            foreach (var to in done) _snapshotsInFlight.Remove(to);
    }

    private void MaybeSnapshot()
    {
        if (_options.SnapshotEveryEntries <= 0) return;
        var applied = AppliedIndex;
        if (applied < _lastSnapshotIndex + (ulong)_options.SnapshotEveryEntries) return;
        _storage.CreateSnapshot(applied, _confState, _sm.Snapshot());
        _lastSnapshotIndex = applied;
        if (applied > (ulong)_options.CatchUpEntries) _storage.Compact(applied - (ulong)_options.CatchUpEntries);
    }

    /// <summary>Fails every outstanding request (the node is shutting down or crashing).</summary>
    public void FailAll()
    {
        foreach (var req in _pendingWrites.Values) req.Done(KvResult.TimedOut);
        _pendingWrites.Clear();
        foreach (var req in _pendingReads.Values) req.Done(KvResult.TimedOut);
        _pendingReads.Clear();
        foreach (var (_, req) in _readsAwaitingApply) req.Done(KvResult.TimedOut);
        _readsAwaitingApply.Clear();
    }

    private sealed record PendingRequest(KvCommand Command, Action<KvResult> Done, ulong Deadline);
}
