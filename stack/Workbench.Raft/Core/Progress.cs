namespace Workbench.Raft.Core;

/// <summary>
/// The leader's view of one peer (etcd's tracker.Progress): <see cref="Match"/> is the highest
/// index known replicated, <see cref="Next"/> the next index to send. Invariant: Match &lt; Next.
/// </summary>
public sealed class Progress
{
    internal Progress(ulong next, int maxInflight, bool isLearner)
    {
        Next = next;
        Inflights = new Inflights(maxInflight);
        IsLearner = isLearner;
    }

    /// <summary>Highest log index known to be replicated on this peer (0 = none yet).</summary>
    public ulong Match { get; internal set; }
    /// <summary>Index of the next entry the leader sends this peer.</summary>
    public ulong Next { get; internal set; }
    /// <summary>Probe (one append at a time until a match is found), Replicate (pipelined appends) or Snapshot (waiting for a snapshot to land).</summary>
    public ProgressState State { get; private set; } = ProgressState.Probe;
    /// <summary>Index of the snapshot being sent while in the Snapshot state; 0 otherwise.</summary>
    public ulong PendingSnapshot { get; internal set; }
    /// <summary>The peer was heard from since the last check-quorum round (reset by the leader each election timeout).</summary>
    public bool RecentActive { get; internal set; }
    /// <summary>In Probe, an append was sent and not yet answered, so the leader waits (until a heartbeat response) before sending another.</summary>
    public bool ProbeSent { get; internal set; }
    /// <summary>The peer is a learner: it receives the log but does not vote or count toward commit.</summary>
    public bool IsLearner { get; internal set; }
    internal Inflights Inflights { get; }

    /// <summary>1 + the largest leader tick echoed back by this peer in the current term (0 = none): the lease clock.</summary>
    internal ulong LeaseAck { get; set; }

    internal void ResetState(ProgressState state)
    {
        ProbeSent = false;
        PendingSnapshot = 0;
        State = state;
        Inflights.Reset();
    }

    internal void BecomeProbe()
    {
        if (State == ProgressState.Snapshot)
        {
            var pending = PendingSnapshot;
            ResetState(ProgressState.Probe);
            Next = Math.Max(Match + 1, pending + 1);
        }
        else
        {
            ResetState(ProgressState.Probe);
            Next = Match + 1;
        }
    }

    internal void BecomeReplicate()
    {
        ResetState(ProgressState.Replicate);
        Next = Match + 1;
    }

    internal void BecomeSnapshot(ulong snapshotIndex)
    {
        ResetState(ProgressState.Snapshot);
        PendingSnapshot = snapshotIndex;
    }

    /// <summary>An append up to <paramref name="n"/> was accepted; returns whether Match advanced.</summary>
    internal bool MaybeUpdate(ulong n)
    {
        var updated = false;
        if (Match < n)
        {
            Match = n;
            updated = true;
            ProbeSent = false;
        }
        Next = Math.Max(Next, n + 1);
        return updated;
    }

    internal void OptimisticUpdate(ulong n) => Next = n + 1;

    /// <summary>
    /// An append at <paramref name="rejected"/> was refused; <paramref name="matchHint"/> is the
    /// leader's best guess of the last matching index (from the follower's conflict hint).
    /// Returns false for stale rejections.
    /// </summary>
    internal bool MaybeDecrTo(ulong rejected, ulong matchHint)
    {
        if (State == ProgressState.Replicate)
        {
            if (rejected <= Match) return false;
            Next = Match + 1;
            return true;
        }
        if (Next - 1 != rejected) return false;
        Next = Math.Max(Math.Min(rejected, matchHint + 1), 1);
        ProbeSent = false;
        return true;
    }

    internal bool IsPaused => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => Inflights.Full,
        _ => true,
    };

    /// <summary>Match, next, state, pending snapshot and learner flag, for logs and test failures.</summary>
    public override string ToString() => $"match={Match} next={Next} state={State} pendingSnap={PendingSnapshot} learner={IsLearner}";
}
