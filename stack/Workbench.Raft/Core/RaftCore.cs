using Google.Protobuf;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Core;

/// <summary>
/// The Raft consensus state machine, a close port of etcd raft (raft.go) with pre-vote,
/// check-quorum, fast backtracking, flow control, ReadIndex/lease reads, one-at-a-time membership
/// change and leader transfer. Pure: no threads, clock or IO. Time advances only through
/// <see cref="Tick"/>, randomness only comes from <see cref="RaftConfig.Random"/>, outgoing messages
/// collect in <see cref="Messages"/>, and the host persists/sends through <see cref="RawNode"/>'s Ready.
/// Not thread-safe.
/// </summary>
public sealed class RaftCore
{
    private static readonly ByteString CampaignTransferContext = ByteString.CopyFromUtf8("CampaignTransfer");

    private readonly RaftConfig _config;
    private readonly Random _random;
    private readonly Dictionary<ulong, Progress> _progress = [];
    private readonly Dictionary<ulong, bool> _votes = [];
    private readonly List<Message> _pendingReadIndex = [];
    private ReadOnlyQueue _readOnly = new();
    private int _electionElapsed;
    private int _heartbeatElapsed;
    private int _randomizedElectionTimeout;
    private ulong _pendingConfIndex;
    private ulong _ticks;
    private bool _leaseDisabledThisTerm;

    /// <summary>Restores term, vote, commit and membership from <paramref name="storage"/> and starts as a follower; throws when the persisted commit index is outside the stored log.</summary>
    public RaftCore(RaftConfig config, IRaftStorage storage)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(storage);
        config.Validate();
        _config = config;
        _random = config.Random;
        Id = config.Id;
        RaftLog = new RaftLog(storage, config.MaxCommittedSizePerReady);
        var initial = storage.InitialState();
        foreach (var v in initial.ConfState.Voters) _progress[v] = NewProgress(1, false);
        foreach (var l in initial.ConfState.Learners) _progress[l] = NewProgress(1, true);
        var hs = initial.HardState;
        if (hs.Term != 0 || hs.Vote != 0 || hs.Commit != 0)
        {
            if (hs.Commit < RaftLog.Committed || hs.Commit > RaftLog.LastIndex)
                throw new InvalidOperationException($"node {Id}: persisted commit {hs.Commit} is out of range [{RaftLog.Committed}, {RaftLog.LastIndex}]");
            RaftLog.CommitTo(hs.Commit);
            Term = hs.Term;
            Vote = hs.Vote;
        }
        if (config.Applied > 0) RaftLog.AppliedTo(config.Applied);
        BecomeFollower(Term, 0);
    }

    /// <summary>This node's id.</summary>
    public ulong Id { get; }
    /// <summary>Current term (persisted in the hard state).</summary>
    public ulong Term { get; private set; }
    /// <summary>Candidate voted for in the current term; 0 = none (persisted).</summary>
    public ulong Vote { get; private set; }
    /// <summary>Id of the leader of the current term as far as this node knows; 0 = unknown.</summary>
    public ulong Leader { get; private set; }
    /// <summary>The role in the current term.</summary>
    public StateRole Role { get; private set; }
    /// <summary>The log: stable entries in storage plus the unstable tail.</summary>
    public RaftLog RaftLog { get; }
    /// <summary>Peer a leadership transfer is under way to; 0 = none.</summary>
    public ulong LeadTransferee { get; private set; }
    /// <summary>Messages produced since the last Ready, to be sent by the host after persisting.</summary>
    public List<Message> Messages { get; private set; } = [];
    /// <summary>Linearizable-read answers produced since the last Ready.</summary>
    public List<ReadState> ReadStates { get; private set; } = [];
    /// <summary>The leader's per-peer replication state (meaningful only on the leader; kept for every member).</summary>
    public IReadOnlyDictionary<ulong, Progress> Progress => _progress;

    /// <summary>This node is a voter of the current configuration (and so may campaign).</summary>
    public bool Promotable => _progress.TryGetValue(Id, out var pr) && !pr.IsLearner;

    /// <summary>Term, vote and commit index: the state that must be durable before messages are sent.</summary>
    public HardState HardState => new() { Term = Term, Vote = Vote, Commit = RaftLog.Committed };
    /// <summary>Leader and role: the state the host may observe but need not persist.</summary>
    public SoftState SoftState => new(Leader, Role);

    /// <summary>The current membership (voters and learners).</summary>
    public ConfState ConfState
    {
        get
        {
            var cs = new ConfState();
            foreach (var (id, pr) in _progress)
                if (pr.IsLearner) cs.Learners.Add(id);
                else cs.Voters.Add(id);
            return cs;
        }
    }

    internal List<Message> TakeMessages()
    {
        var m = Messages;
        Messages = [];
        return m;
    }

    internal List<ReadState> TakeReadStates()
    {
        var r = ReadStates;
        ReadStates = [];
        return r;
    }

    private Progress NewProgress(ulong next, bool learner) => new(next, _config.MaxInflightMsgs, learner);

    private int VoterCount
    {
        get
        {
            var n = 0;
            foreach (var pr in _progress.Values)
                if (!pr.IsLearner) n++;
            return n;
        }
    }

    private int Quorum => VoterCount / 2 + 1;

    // ---- sending ----

    private void Send(Message m)
    {
        m.From = Id;
        var t = m.MsgType;
        if (t is MessageType.MsgRequestVote or MessageType.MsgRequestVoteResponse or MessageType.MsgRequestPreVote or MessageType.MsgRequestPreVoteResponse)
        {
            if (m.Term == 0) throw new InvalidOperationException($"node {Id}: term must be set on {t}");
        }
        else
        {
            if (m.Term != 0) throw new InvalidOperationException($"node {Id}: term must not be preset on {t} (was {m.Term})");
            if (t is not MessageType.MsgPropose and not MessageType.MsgReadIndex) m.Term = Term;
        }
        Messages.Add(m);
    }

    private void SendAppend(ulong to) => MaybeSendAppend(to, true);

    /// <summary>Sends entries (or a snapshot when the needed entries are compacted) to a peer, respecting flow control.</summary>
    private bool MaybeSendAppend(ulong to, bool sendIfEmpty)
    {
        var pr = _progress[to];
        if (pr.IsPaused) return false;
        var m = new Message { To = to };
        if (pr.Next < RaftLog.FirstIndex)
        {
            if (!pr.RecentActive) return false;
            var snapshot = RaftLog.Snapshot();
            if (snapshot.Metadata is null || snapshot.Metadata.Index == 0)
                throw new InvalidOperationException($"node {Id}: need a snapshot for {to} but storage has none");
            m.MsgType = MessageType.MsgSnapshot;
            m.Snapshot = snapshot;
            pr.BecomeSnapshot(snapshot.Metadata.Index);
            Send(m);
            return true;
        }
        var entries = RaftLog.EntriesFrom(pr.Next, _config.MaxSizePerMsg);
        if (entries.Count == 0 && !sendIfEmpty) return false;
        m.MsgType = MessageType.MsgAppend;
        m.Index = pr.Next - 1;
        m.LogTerm = RaftLog.Term(pr.Next - 1);
        m.Entries.AddRange(entries);
        m.Commit = RaftLog.Committed;
        m.LeaseTick = _ticks;
        if (entries.Count > 0)
        {
            switch (pr.State)
            {
                case ProgressState.Replicate:
                    var last = entries[^1].Index;
                    pr.OptimisticUpdate(last);
                    pr.Inflights.Add(last);
                    break;
                case ProgressState.Probe:
                    pr.ProbeSent = true;
                    break;
                default:
                    throw new InvalidOperationException($"node {Id}: sending append to {to} in state {pr.State}");
            }
        }
        Send(m);
        return true;
    }

    private void SendHeartbeat(ulong to, ByteString? ctx)
    {
        var commit = Math.Min(_progress[to].Match, RaftLog.Committed);
        var m = new Message { To = to, MsgType = MessageType.MsgHeartbeat, Commit = commit, LeaseTick = _ticks };
        if (ctx is not null) m.Context = ctx;
        Send(m);
    }

    private void BcastAppend()
    {
        foreach (var id in _progress.Keys)
            if (id != Id) SendAppend(id);
    }

    private void BcastHeartbeat(ByteString? ctx)
    {
        foreach (var id in _progress.Keys)
            if (id != Id) SendHeartbeat(id, ctx);
    }

    // ---- commit ----

    /// <summary>Advances the commit index to the quorum's match index, but only for an entry of the current term (Figure 8).</summary>
    private bool MaybeCommit()
    {
        var matches = new List<ulong>(_progress.Count);
        foreach (var pr in _progress.Values)
            if (!pr.IsLearner) matches.Add(pr.Match);
        if (matches.Count == 0) return false;
        matches.Sort();
        var mci = matches[matches.Count - Quorum];
        return RaftLog.MaybeCommit(mci, Term);
    }

    private void AppendEntries(List<Entry> entries)
    {
        var li = RaftLog.LastIndex;
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Term = Term;
            entries[i].Index = li + 1 + (ulong)i;
        }
        li = RaftLog.Append(entries);
        if (_progress.TryGetValue(Id, out var self)) self.MaybeUpdate(li);
        MaybeCommit();
    }

    // ---- role changes ----

    private void Reset(ulong term)
    {
        if (Term != term)
        {
            Term = term;
            Vote = 0;
        }
        Leader = 0;
        _electionElapsed = 0;
        _heartbeatElapsed = 0;
        _randomizedElectionTimeout = _config.ElectionTick + _random.Next(_config.ElectionTick);
        LeadTransferee = 0;
        _votes.Clear();
        foreach (var (id, pr) in _progress)
        {
            pr.ResetState(ProgressState.Probe);
            pr.Match = 0;
            pr.Next = RaftLog.LastIndex + 1;
            pr.RecentActive = false;
            pr.LeaseAck = 0;
            if (id == Id) pr.Match = RaftLog.LastIndex;
        }
        _pendingConfIndex = 0;
        _readOnly = new ReadOnlyQueue();
        _pendingReadIndex.Clear();
        _leaseDisabledThisTerm = false;
    }

    private void BecomeFollower(ulong term, ulong leader)
    {
        Reset(term);
        Leader = leader;
        Role = StateRole.Follower;
    }

    private void BecomeCandidate()
    {
        if (Role == StateRole.Leader) throw new InvalidOperationException($"node {Id}: leader cannot become candidate");
        Reset(Term + 1);
        Vote = Id;
        Role = StateRole.Candidate;
    }

    private void BecomePreCandidate()
    {
        if (Role == StateRole.Leader) throw new InvalidOperationException($"node {Id}: leader cannot become pre-candidate");
        // Pre-vote changes neither term nor vote.
        _votes.Clear();
        Leader = 0;
        Role = StateRole.PreCandidate;
    }

    private void BecomeLeader()
    {
        if (Role == StateRole.Follower) throw new InvalidOperationException($"node {Id}: follower cannot become leader directly");
        Reset(Term);
        Leader = Id;
        Role = StateRole.Leader;
        var self = _progress[Id];
        self.BecomeReplicate();
        self.RecentActive = true;
        // Conservatively treat every uncommitted entry as a possible config change.
        _pendingConfIndex = RaftLog.LastIndex;
        // The empty entry of the new term lets the leader commit earlier entries (§5.4.2) and serve reads.
        AppendEntries([new Entry { EntryType = EntryType.EntryNormal }]);
    }

    // ---- ticking ----

    /// <summary>Advances logical time by one tick: followers and candidates count toward a randomized election timeout, the leader toward heartbeats and its check-quorum round.</summary>
    public void Tick()
    {
        _ticks++;
        if (Role == StateRole.Leader) TickHeartbeat();
        else TickElection();
    }

    private void TickElection()
    {
        _electionElapsed++;
        if (Promotable && _electionElapsed >= _randomizedElectionTimeout)
        {
            _electionElapsed = 0;
            Step(new Message { From = Id, MsgType = MessageType.MsgHup });
        }
    }

    private void TickHeartbeat()
    {
        _heartbeatElapsed++;
        _electionElapsed++;
        if (_electionElapsed >= _config.ElectionTick)
        {
            _electionElapsed = 0;
            if (_config.CheckQuorum) Step(new Message { From = Id, MsgType = MessageType.MsgCheckQuorum });
            if (Role == StateRole.Leader && LeadTransferee != 0) LeadTransferee = 0; // transfer timed out
        }
        if (Role != StateRole.Leader) return;
        if (_heartbeatElapsed >= _config.HeartbeatTick)
        {
            _heartbeatElapsed = 0;
            Step(new Message { From = Id, MsgType = MessageType.MsgBeat });
        }
    }

    // ---- elections ----

    private void Hup(CampaignType type)
    {
        if (Role == StateRole.Leader || !Promotable) return;
        // A node with an unapplied committed config change must not campaign (it may not be a voter any more).
        if (RaftLog.Committed > RaftLog.Applied)
        {
            var ents = RaftLog.Slice(Math.Max(RaftLog.Applied + 1, RaftLog.FirstIndex), RaftLog.Committed + 1, ulong.MaxValue);
            foreach (var e in ents)
                if (e.EntryType == EntryType.EntryConfChange) return;
        }
        Campaign(type);
    }

    private void Campaign(CampaignType type)
    {
        ulong term;
        MessageType voteType;
        if (type == CampaignType.PreElection)
        {
            BecomePreCandidate();
            voteType = MessageType.MsgRequestPreVote;
            term = Term + 1;
        }
        else
        {
            BecomeCandidate();
            voteType = MessageType.MsgRequestVote;
            term = Term;
        }
        if (Poll(Id, true) == VoteResult.Won)
        {
            if (type == CampaignType.PreElection) Campaign(CampaignType.Election);
            else BecomeLeader();
            return;
        }
        foreach (var (id, pr) in _progress)
        {
            if (id == Id || pr.IsLearner) continue;
            var m = new Message { Term = term, To = id, MsgType = voteType, Index = RaftLog.LastIndex, LogTerm = RaftLog.LastTerm };
            if (type == CampaignType.Transfer) m.Context = CampaignTransferContext;
            Send(m);
        }
    }

    private VoteResult Poll(ulong id, bool granted)
    {
        _votes.TryAdd(id, granted);
        int yes = 0, no = 0;
        foreach (var (voter, pr) in _progress)
        {
            if (pr.IsLearner || !_votes.TryGetValue(voter, out var v)) continue;
            if (v) yes++;
            else no++;
        }
        if (yes >= Quorum) return VoteResult.Won;
        if (no >= Quorum || VoterCount - no < Quorum) return VoteResult.Lost;
        return VoteResult.Pending;
    }

    /// <summary>
    /// True while this follower heard from a leader within the election timeout, or (lease reads)
    /// just restarted and may have acknowledged a lease it forgot: it must not help elect another.
    /// A node of a new group (<see cref="RaftConfig.NewGroup"/>) has no lease to forget.
    /// </summary>
    private bool InLease =>
        _config.CheckQuorum && ((Leader != 0 && _electionElapsed < _config.ElectionTick) ||
                                (_config.ReadOnlyOption == ReadOnlyOption.LeaseBased && !_config.NewGroup && _ticks < (ulong)_config.ElectionTick));

    // ---- the message switch ----

    /// <summary>Handles one message (local or from a peer). Returns false when a proposal was dropped.</summary>
    public bool Step(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Term == 0)
        {
            // local message
        }
        else if (m.Term > Term)
        {
            if (m.MsgType is MessageType.MsgRequestVote or MessageType.MsgRequestPreVote)
            {
                var force = m.Context == CampaignTransferContext;
                if (!force && InLease) return true; // ignore: we have a live leader (check-quorum lease)
            }
            if (m.MsgType == MessageType.MsgRequestPreVote)
            {
                // Never change term in response to a pre-vote.
            }
            else if (m.MsgType == MessageType.MsgRequestPreVoteResponse && !m.Reject)
            {
                // We bump our term when we win the pre-vote, not on its responses.
            }
            else if (m.MsgType is MessageType.MsgAppend or MessageType.MsgHeartbeat or MessageType.MsgSnapshot)
            {
                BecomeFollower(m.Term, m.From);
            }
            else
            {
                BecomeFollower(m.Term, 0);
            }
        }
        else if (m.Term < Term)
        {
            if ((_config.CheckQuorum || _config.PreVote) && m.MsgType is MessageType.MsgHeartbeat or MessageType.MsgAppend)
            {
                // A stale leader (e.g. after a partition) learns our higher term from this, so it steps down
                // instead of disrupting us with elections it can never win under pre-vote/check-quorum.
                Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse });
            }
            else if (m.MsgType == MessageType.MsgRequestPreVote)
            {
                Send(new Message { To = m.From, Term = Term, MsgType = MessageType.MsgRequestPreVoteResponse, Reject = true });
            }
            return true;
        }

        switch (m.MsgType)
        {
            case MessageType.MsgHup:
                Hup(_config.PreVote ? CampaignType.PreElection : CampaignType.Election);
                return true;
            case MessageType.MsgRequestVote:
            case MessageType.MsgRequestPreVote:
            {
                var canVote = Vote == m.From || (Vote == 0 && Leader == 0) || (m.MsgType == MessageType.MsgRequestPreVote && m.Term > Term);
                var respType = m.MsgType == MessageType.MsgRequestVote ? MessageType.MsgRequestVoteResponse : MessageType.MsgRequestPreVoteResponse;
                if (canVote && RaftLog.IsUpToDate(m.Index, m.LogTerm))
                {
                    Send(new Message { To = m.From, Term = m.Term, MsgType = respType });
                    if (m.MsgType == MessageType.MsgRequestVote)
                    {
                        _electionElapsed = 0;
                        Vote = m.From;
                    }
                }
                else
                {
                    Send(new Message { To = m.From, Term = Term, MsgType = respType, Reject = true });
                }
                return true;
            }
            default:
                return Role switch
                {
                    StateRole.Leader => StepLeader(m),
                    StateRole.Follower => StepFollower(m),
                    _ => StepCandidate(m),
                };
        }
    }

    private bool StepLeader(Message m)
    {
        switch (m.MsgType)
        {
            case MessageType.MsgBeat:
                BcastHeartbeat(_readOnly.LastPendingContext);
                return true;
            case MessageType.MsgCheckQuorum:
                if (!CheckQuorumActive()) BecomeFollower(Term, 0);
                return true;
            case MessageType.MsgPropose:
                return Propose(m);
            case MessageType.MsgReadIndex:
                if (VoterCount == 1 && Promotable)
                {
                    RespondToReadIndex(m, RaftLog.Committed);
                    return true;
                }
                if (RaftLog.Term(RaftLog.Committed) != Term)
                {
                    // Our commit index may lag until an entry of our term commits; answer then.
                    _pendingReadIndex.Add(m);
                    return true;
                }
                HandleReadIndex(m);
                return true;
        }

        if (!_progress.TryGetValue(m.From, out var pr)) return true;
        switch (m.MsgType)
        {
            case MessageType.MsgAppendResponse:
                pr.RecentActive = true;
                if (!m.Reject) pr.LeaseAck = Math.Max(pr.LeaseAck, m.LeaseTick + 1);
                if (m.Reject)
                {
                    var nextProbe = m.RejectHint;
                    if (m.LogTerm > 0) nextProbe = RaftLog.FindConflictByTerm(m.RejectHint, m.LogTerm).Index;
                    if (pr.MaybeDecrTo(m.Index, nextProbe))
                    {
                        if (pr.State == ProgressState.Replicate) pr.BecomeProbe();
                        SendAppend(m.From);
                    }
                }
                else
                {
                    var oldPaused = pr.IsPaused;
                    if (pr.MaybeUpdate(m.Index))
                    {
                        if (pr.State == ProgressState.Probe) pr.BecomeReplicate();
                        else if (pr.State == ProgressState.Snapshot && pr.Match >= pr.PendingSnapshot)
                        {
                            pr.BecomeProbe();
                            pr.BecomeReplicate();
                        }
                        else if (pr.State == ProgressState.Replicate) pr.Inflights.FreeLe(m.Index);

                        if (MaybeCommit())
                        {
                            ReleasePendingReadIndex();
                            BcastAppend();
                        }
                        else if (oldPaused)
                        {
                            SendAppend(m.From);
                        }
                        while (MaybeSendAppend(m.From, false))
                        {
                        }
                        if (m.From == LeadTransferee && pr.Match == RaftLog.LastIndex) SendTimeoutNow(m.From);
                    }
                }
                return true;
            case MessageType.MsgHeartbeatResponse:
                pr.RecentActive = true;
                pr.ProbeSent = false;
                pr.LeaseAck = Math.Max(pr.LeaseAck, m.LeaseTick + 1);
                if (pr.State == ProgressState.Replicate && pr.Inflights.Full) pr.Inflights.FreeFirstOne();
                if (pr.Match < RaftLog.LastIndex) SendAppend(m.From);
                if (m.Context.IsEmpty) return true;
                var acks = _readOnly.RecvAck(m.From, m.Context);
                if (acks is null || !HasVoterQuorum(acks)) return true;
                foreach (var rs in _readOnly.Advance(m.Context)) RespondToReadIndex(rs.Request, rs.Index);
                return true;
            case MessageType.MsgSnapStatus:
                if (pr.State != ProgressState.Snapshot) return true;
                if (m.Reject) pr.PendingSnapshot = 0;
                pr.BecomeProbe();
                // Wait for the next heartbeat response before probing again.
                pr.ProbeSent = true;
                return true;
            case MessageType.MsgUnreachable:
                if (pr.State == ProgressState.Replicate) pr.BecomeProbe();
                return true;
            case MessageType.MsgTransferLeader:
            {
                if (pr.IsLearner) return true;
                var transferee = m.From;
                if (LeadTransferee != 0)
                {
                    if (LeadTransferee == transferee) return true;
                    LeadTransferee = 0;
                }
                if (transferee == Id) return true;
                _electionElapsed = 0; // the transfer must finish within an election timeout
                LeadTransferee = transferee;
                if (pr.Match == RaftLog.LastIndex) SendTimeoutNow(transferee);
                else SendAppend(transferee);
                return true;
            }
        }
        return true;
    }

    private bool Propose(Message m)
    {
        if (m.Entries.Count == 0) throw new ArgumentException($"node {Id}: empty proposal");
        if (!_progress.ContainsKey(Id) || LeadTransferee != 0) return false;
        var entries = new List<Entry>(m.Entries.Count);
        for (var i = 0; i < m.Entries.Count; i++)
        {
            var e = m.Entries[i];
            if (e.EntryType == EntryType.EntryConfChange)
            {
                if (_pendingConfIndex > RaftLog.Applied)
                {
                    // One membership change at a time: refuse while the previous one is not applied.
                    return false;
                }
                _pendingConfIndex = RaftLog.LastIndex + (ulong)i + 1;
            }
            entries.Add(e.Clone());
        }
        AppendEntries(entries);
        BcastAppend();
        return true;
    }

    private void HandleReadIndex(Message m)
    {
        if (_config.ReadOnlyOption == ReadOnlyOption.LeaseBased && LeaseValid)
        {
            RespondToReadIndex(m, RaftLog.Committed);
            return;
        }
        _readOnly.AddRequest(RaftLog.Committed, m);
        _readOnly.RecvAck(Id, m.Entries[0].Data);
        BcastHeartbeat(m.Entries[0].Data);
    }

    private void ReleasePendingReadIndex()
    {
        if (_pendingReadIndex.Count == 0 || RaftLog.Term(RaftLog.Committed) != Term) return;
        var pending = _pendingReadIndex.ToArray();
        _pendingReadIndex.Clear();
        foreach (var m in pending) HandleReadIndex(m);
    }

    private void RespondToReadIndex(Message req, ulong index)
    {
        if (req.From == 0 || req.From == Id)
        {
            ReadStates.Add(new ReadState(index, req.Entries[0].Data));
            return;
        }
        var resp = new Message { To = req.From, MsgType = MessageType.MsgReadIndexResp, Index = index };
        resp.Entries.Add(req.Entries);
        Send(resp);
    }

    /// <summary>
    /// The leader lease: a quorum (counting ourselves now) acknowledged messages we sent at tick ≥ T,
    /// and each of those voters refuses to help elect anyone else for ElectionTick of its own ticks
    /// after receiving them. So no other leader can exist before T + ElectionTick; we use T + LeaseTicks.
    /// </summary>
    internal bool LeaseValid
    {
        get
        {
            if (Role != StateRole.Leader || LeadTransferee != 0 || _leaseDisabledThisTerm) return false;
            var acks = new List<ulong>(_progress.Count);
            foreach (var (id, pr) in _progress)
                if (!pr.IsLearner) acks.Add(id == Id ? _ticks + 1 : pr.LeaseAck);
            acks.Sort();
            var q = acks[acks.Count - Quorum];
            if (q == 0) return false;
            var sentAt = q - 1;
            return _ticks < sentAt + (ulong)_config.EffectiveLeaseTicks;
        }
    }

    private bool HasVoterQuorum(HashSet<ulong> ids)
    {
        var n = 0;
        foreach (var id in ids)
            if (_progress.TryGetValue(id, out var pr) && !pr.IsLearner) n++;
        return n >= Quorum;
    }

    private bool CheckQuorumActive()
    {
        var active = 0;
        foreach (var (id, pr) in _progress)
        {
            if (id == Id)
            {
                if (!pr.IsLearner) active++;
                continue;
            }
            if (pr.RecentActive && !pr.IsLearner) active++;
            pr.RecentActive = false;
        }
        return active >= Quorum;
    }

    private void SendTimeoutNow(ulong to)
    {
        _leaseDisabledThisTerm = true;
        Send(new Message { To = to, MsgType = MessageType.MsgTimeoutNow });
    }

    private bool StepCandidate(Message m)
    {
        var myVoteResp = Role == StateRole.PreCandidate ? MessageType.MsgRequestPreVoteResponse : MessageType.MsgRequestVoteResponse;
        switch (m.MsgType)
        {
            case MessageType.MsgPropose:
                return false;
            case MessageType.MsgAppend:
                BecomeFollower(m.Term, m.From);
                HandleAppendEntries(m);
                return true;
            case MessageType.MsgHeartbeat:
                BecomeFollower(m.Term, m.From);
                HandleHeartbeat(m);
                return true;
            case MessageType.MsgSnapshot:
                BecomeFollower(m.Term, m.From);
                HandleSnapshot(m);
                return true;
            default:
                if (m.MsgType != myVoteResp) return true;
                switch (Poll(m.From, !m.Reject))
                {
                    case VoteResult.Won:
                        if (Role == StateRole.PreCandidate) Campaign(CampaignType.Election);
                        else
                        {
                            BecomeLeader();
                            BcastAppend();
                        }
                        break;
                    case VoteResult.Lost:
                        BecomeFollower(Term, 0);
                        break;
                }
                return true;
        }
    }

    private bool StepFollower(Message m)
    {
        switch (m.MsgType)
        {
            case MessageType.MsgPropose:
                return false; // clients talk to the leader; no proposal forwarding
            case MessageType.MsgAppend:
                _electionElapsed = 0;
                Leader = m.From;
                HandleAppendEntries(m);
                return true;
            case MessageType.MsgHeartbeat:
                _electionElapsed = 0;
                Leader = m.From;
                HandleHeartbeat(m);
                return true;
            case MessageType.MsgSnapshot:
                _electionElapsed = 0;
                Leader = m.From;
                HandleSnapshot(m);
                return true;
            case MessageType.MsgTransferLeader:
            case MessageType.MsgReadIndex:
                if (Leader == 0) return false;
                m.To = Leader;
                Messages.Add(m); // forwarded with its original sender and term 0
                return true;
            case MessageType.MsgTimeoutNow:
                if (Promotable) Hup(CampaignType.Transfer); // transfers skip pre-vote
                return true;
            case MessageType.MsgReadIndexResp:
                if (m.Entries.Count != 1) return true;
                ReadStates.Add(new ReadState(m.Index, m.Entries[0].Data));
                return true;
        }
        return true;
    }

    private void HandleAppendEntries(Message m)
    {
        if (m.Index < RaftLog.Committed)
        {
            Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse, Index = RaftLog.Committed, LeaseTick = m.LeaseTick });
            return;
        }
        var lastNew = RaftLog.MaybeAppend(m.Index, m.LogTerm, m.Commit, m.Entries);
        if (lastNew is { } li)
        {
            Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse, Index = li, LeaseTick = m.LeaseTick });
            return;
        }
        // Conflict hint: the largest index ≤ min(m.Index, last) whose term ≤ m.LogTerm; the leader skips
        // back to it (or further, to its own entry of that term) instead of one index per round trip.
        var hintIndex = Math.Min(m.Index, RaftLog.LastIndex);
        var (idx, term) = RaftLog.FindConflictByTerm(hintIndex, m.LogTerm);
        Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse, Index = m.Index, Reject = true, RejectHint = idx, LogTerm = term, LeaseTick = m.LeaseTick });
    }

    private void HandleHeartbeat(Message m)
    {
        RaftLog.CommitTo(m.Commit);
        Send(new Message { To = m.From, MsgType = MessageType.MsgHeartbeatResponse, Context = m.Context, LeaseTick = m.LeaseTick });
    }

    private void HandleSnapshot(Message m)
    {
        if (Restore(m.Snapshot))
            Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse, Index = RaftLog.LastIndex });
        else
            Send(new Message { To = m.From, MsgType = MessageType.MsgAppendResponse, Index = RaftLog.Committed });
    }

    private bool Restore(Snapshot s)
    {
        var meta = s.Metadata;
        if (meta.Index <= RaftLog.Committed) return false;
        if (RaftLog.MatchTerm(meta.Index, meta.Term))
        {
            // We already have the snapshot's last entry: just fast-forward the commit index.
            RaftLog.CommitTo(meta.Index);
            return false;
        }
        RaftLog.Restore(s);
        _progress.Clear();
        foreach (var v in meta.ConfState.Voters) _progress[v] = NewProgress(RaftLog.LastIndex + 1, false);
        foreach (var l in meta.ConfState.Learners) _progress[l] = NewProgress(RaftLog.LastIndex + 1, true);
        if (_progress.TryGetValue(Id, out var self)) self.Match = RaftLog.LastIndex;
        return true;
    }

    // ---- membership ----

    /// <summary>Applies a committed configuration change (called by the host when it applies the entry); returns the new configuration.</summary>
    public ConfState ApplyConfChange(ConfChange cc)
    {
        ArgumentNullException.ThrowIfNull(cc);
        if (cc.NodeId == 0) return ConfState;
        switch (cc.ChangeType)
        {
            case ConfChangeType.AddNode:
                AddNode(cc.NodeId, false);
                break;
            case ConfChangeType.AddLearnerNode:
                AddNode(cc.NodeId, true);
                break;
            case ConfChangeType.RemoveNode:
                RemoveNode(cc.NodeId);
                break;
        }
        return ConfState;
    }

    private void AddNode(ulong id, bool learner)
    {
        if (_progress.TryGetValue(id, out var pr))
        {
            if (learner && !pr.IsLearner) return; // demoting a voter is not supported; ignore
            pr.IsLearner = learner;
        }
        else
        {
            pr = NewProgress(RaftLog.LastIndex + 1, learner);
            _progress[id] = pr;
        }
        // Count the new node as active so check-quorum does not step down before it had a chance to answer.
        pr.RecentActive = true;
    }

    private void RemoveNode(ulong id)
    {
        _progress.Remove(id);
        if (VoterCount == 0) return;
        if (Role == StateRole.Leader)
        {
            if (id == Id)
            {
                BecomeFollower(Term, 0);
                return;
            }
            if (MaybeCommit()) BcastAppend();
            if (LeadTransferee == id) LeadTransferee = 0;
        }
    }

    /// <summary>For tests and diagnostics.</summary>
    public override string ToString() => $"node {Id} {Role} term={Term} vote={Vote} lead={Leader} {RaftLog}";
}
