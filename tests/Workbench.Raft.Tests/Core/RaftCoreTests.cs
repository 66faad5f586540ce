using Google.Protobuf;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Tests.Core;

/// <summary>Single-node unit tests of the core, message by message (in the style of etcd's raft_test.go).</summary>
public sealed class RaftCoreTests
{
    private static RaftCore Node(ulong id, ulong[] voters, ulong[]? learners = null, (ulong Index, ulong Term)[]? log = null, ulong term = 0, bool preVote = true, bool checkQuorum = true)
    {
        var storage = new MemoryRaftStorage(voters, learners, bootstrap: false);
        if (log is not null) storage.Append(log.Select(e => new Entry { Index = e.Index, Term = e.Term }).ToList());
        if (term > 0) storage.SetHardState(new HardState { Term = term });
        return new RaftCore(new RaftConfig { Id = id, PreVote = preVote, CheckQuorum = checkQuorum, Random = new Random(1) }, storage);
    }

    private static RaftCore Leader3()
    {
        var r = Node(1, [1, 2, 3], preVote: false);
        r.Step(new Message { MsgType = MessageType.MsgHup });
        r.Step(new Message { MsgType = MessageType.MsgRequestVoteResponse, From = 2, To = 1, Term = r.Term });
        Assert.Equal(StateRole.Leader, r.Role);
        r.TakeMessages();
        return r;
    }

    [Fact]
    public void Vote_is_refused_to_a_candidate_whose_log_is_less_up_to_date()
    {
        var r = Node(1, [1, 2, 3], log: [(1, 1), (2, 2)], term: 2, checkQuorum: false);
        r.Step(new Message { MsgType = MessageType.MsgRequestVote, From = 2, To = 1, Term = 3, Index = 5, LogTerm = 1 });
        var resp = Assert.Single(r.TakeMessages());
        Assert.True(resp.Reject);
        Assert.Equal(0ul, r.Vote);
        r.Step(new Message { MsgType = MessageType.MsgRequestVote, From = 3, To = 1, Term = 3, Index = 2, LogTerm = 2 });
        resp = Assert.Single(r.TakeMessages());
        Assert.False(resp.Reject);
        Assert.Equal(3ul, r.Vote);
        // One vote per term.
        r.Step(new Message { MsgType = MessageType.MsgRequestVote, From = 2, To = 1, Term = 3, Index = 9, LogTerm = 2 });
        Assert.True(Assert.Single(r.TakeMessages()).Reject);
    }

    [Fact]
    public void Pre_vote_neither_bumps_the_term_nor_records_a_vote()
    {
        var r = Node(1, [1, 2, 3], term: 4, checkQuorum: false);
        r.Step(new Message { MsgType = MessageType.MsgRequestPreVote, From = 2, To = 1, Term = 5, Index = 0, LogTerm = 0 });
        var resp = Assert.Single(r.TakeMessages());
        Assert.Equal(MessageType.MsgRequestPreVoteResponse, resp.MsgType);
        Assert.False(resp.Reject);
        Assert.Equal(5ul, resp.Term);
        Assert.Equal(4ul, r.Term);
        Assert.Equal(0ul, r.Vote);

        // A pre-candidate asks at term+1 without changing its own term.
        for (var i = 0; i < 30 && r.Role != StateRole.PreCandidate; i++) r.Tick();
        Assert.Equal(StateRole.PreCandidate, r.Role);
        Assert.Equal(4ul, r.Term);
        Assert.All(r.TakeMessages(), m => Assert.Equal((MessageType.MsgRequestPreVote, 5ul), (m.MsgType, m.Term)));
    }

    [Fact]
    public void Learners_never_campaign_and_do_not_count_for_quorum()
    {
        var learner = Node(3, [1, 2], learners: [3]);
        for (var i = 0; i < 100; i++) learner.Tick();
        Assert.Equal(StateRole.Follower, learner.Role);
        Assert.Empty(learner.TakeMessages());

        var r = Node(1, [1, 2], learners: [3], preVote: false);
        r.Step(new Message { MsgType = MessageType.MsgHup });
        var votes = r.TakeMessages();
        Assert.Equal([2ul], votes.Select(m => m.To));
    }

    [Fact]
    public void Rejected_append_carries_a_conflict_hint_and_the_leader_skips_a_whole_term()
    {
        var follower = Node(2, [1, 2, 3], log: [(1, 1), (2, 1), (3, 2), (4, 2), (5, 2)], term: 3, checkQuorum: false);
        follower.Step(new Message { MsgType = MessageType.MsgAppend, From = 1, To = 2, Term = 3, Index = 7, LogTerm = 3 });
        var rej = Assert.Single(follower.TakeMessages());
        Assert.True(rej.Reject);
        Assert.Equal((5ul, 2ul), (rej.RejectHint, rej.LogTerm)); // its last index, whose term (2) ≤ 3

        // The leader's log: terms 1,1,3,3,3,3,3 — its newest entry with term ≤ 2 is index 2.
        var leaderLog = new RaftLog(new MemoryRaftStorage([1, 2, 3]), ulong.MaxValue);
        leaderLog.Append([.. new ulong[] { 1, 1, 3, 3, 3, 3, 3 }.Select((t, i) => new Entry { Index = (ulong)i + 1, Term = t })]);
        Assert.Equal((2ul, 1ul), leaderLog.FindConflictByTerm(rej.RejectHint, rej.LogTerm));
    }

    [Fact]
    public void Leader_without_a_quorum_of_responses_steps_down_after_an_election_timeout()
    {
        var r = Leader3();
        for (var i = 0; i < 10; i++) r.Tick(); // first check marks peers inactive (they were counted active at election)
        for (var i = 0; i < 10; i++) r.Tick();
        Assert.Equal(StateRole.Follower, r.Role);
    }

    [Fact]
    public void Read_index_waits_for_an_entry_of_the_current_term_to_commit()
    {
        var r = Leader3();
        Assert.NotEqual(r.Term, r.RaftLog.Term(r.RaftLog.Committed));
        var ctx = ByteString.CopyFromUtf8("read-1");
        var req = new Message { MsgType = MessageType.MsgReadIndex };
        req.Entries.Add(new Entry { Data = ctx });
        r.Step(req);
        Assert.DoesNotContain(r.TakeMessages(), m => m.MsgType == MessageType.MsgHeartbeat);
        // The new term's empty entry commits...
        r.Step(new Message { MsgType = MessageType.MsgAppendResponse, From = 2, To = 1, Term = r.Term, Index = r.RaftLog.LastIndex });
        var heartbeats = r.TakeMessages().Where(m => m.MsgType == MessageType.MsgHeartbeat).ToList();
        Assert.NotEmpty(heartbeats);
        Assert.All(heartbeats, h => Assert.Equal(ctx, h.Context));
        // ...and a quorum ack of the heartbeat releases the read at the commit index.
        r.Step(new Message { MsgType = MessageType.MsgHeartbeatResponse, From = 3, To = 1, Term = r.Term, Context = ctx });
        var rs = Assert.Single(r.TakeReadStates());
        Assert.Equal(r.RaftLog.Committed, rs.Index);
        Assert.Equal(ctx, rs.Context);
    }

    [Fact]
    public void Config_validation_names_the_problem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RaftConfig { Id = 1, Random = new Random(1), ElectionTick = 10, LeaseTicks = 10, ReadOnlyOption = ReadOnlyOption.LeaseBased }.Validate());
        Assert.Contains("lease (10 ticks) must be shorter than the election timeout", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RaftConfig { Id = 1 }.Validate());
    }
}
