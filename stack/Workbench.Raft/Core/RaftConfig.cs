namespace Workbench.Raft.Core;

/// <summary>Parameters of one Raft node (etcd's raft.Config). Validated by <see cref="Validate"/>.</summary>
public sealed class RaftConfig
{
    /// <summary>This node's id; must not be 0 (0 means "none" in votes and leader fields).</summary>
    public ulong Id { get; init; }

    /// <summary>Ticks without hearing from a leader before a follower campaigns; the actual timeout is randomized in [ElectionTick, 2*ElectionTick).</summary>
    public int ElectionTick { get; init; } = 10;

    /// <summary>Ticks between the leader's heartbeats; must be below <see cref="ElectionTick"/>.</summary>
    public int HeartbeatTick { get; init; } = 1;

    /// <summary>Index already applied to the state machine at start (e.g. restored from a snapshot).</summary>
    public ulong Applied { get; init; }

    /// <summary>Max bytes of entries in one append message (at least one entry is always sent).</summary>
    public ulong MaxSizePerMsg { get; init; } = 1 << 20;

    /// <summary>Max bytes of committed entries handed out in one Ready.</summary>
    public ulong MaxCommittedSizePerReady { get; init; } = 16 << 20;

    /// <summary>Max append messages in flight to one follower in the Replicate state.</summary>
    public int MaxInflightMsgs { get; init; } = 256;

    /// <summary>Leader steps down when it has not heard from a quorum within an election timeout; followers ignore votes while they hear from a leader.</summary>
    public bool CheckQuorum { get; init; } = true;

    /// <summary>Run a pre-vote round before incrementing the term (Raft thesis §9.6).</summary>
    public bool PreVote { get; init; } = true;

    /// <summary>How the leader serves ReadIndex requests (default: a heartbeat round per batch).</summary>
    public ReadOnlyOption ReadOnlyOption { get; init; } = ReadOnlyOption.Safe;

    /// <summary>
    /// The node joins a group it has no history in, created together with its peers (a region
    /// split): it cannot have acknowledged a leader of this group, so the restart guard of lease
    /// reads (refuse votes for ElectionTick ticks after start) does not apply and the first
    /// candidate is elected at once (raft-rs has no such guard; TiKV elects the split peer of the
    /// parent's leader at once).
    /// </summary>
    public bool NewGroup { get; init; }

    /// <summary>Leader lease in ticks for <see cref="ReadOnlyOption.LeaseBased"/>; must be below ElectionTick (the margin absorbs clock drift).</summary>
    public int LeaseTicks { get; init; }

    /// <summary>The injected, seeded source of randomized election timeouts (no hidden randomness in the core).</summary>
    public Random Random { get; init; } = null!;

    /// <summary>The lease used for lease reads: <see cref="LeaseTicks"/> when set, else ElectionTick − 2 (at least 1).</summary>
    public int EffectiveLeaseTicks => LeaseTicks > 0 ? LeaseTicks : Math.Max(1, ElectionTick - 2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad parameter: id 0, a non-positive heartbeat, election tick not above heartbeat, no in-flight budget, no Random, lease reads without check-quorum, a lease not shorter than the election timeout.</summary>
    public void Validate()
    {
        if (Id == 0) throw new ArgumentException("raft config: id must not be 0 (0 means 'none')");
        if (HeartbeatTick <= 0) throw new ArgumentException($"raft config: heartbeat tick must be positive, got {HeartbeatTick}");
        if (ElectionTick <= HeartbeatTick) throw new ArgumentException($"raft config: election tick ({ElectionTick}) must be greater than heartbeat tick ({HeartbeatTick})");
        if (MaxInflightMsgs <= 0) throw new ArgumentException($"raft config: max inflight messages must be positive, got {MaxInflightMsgs}");
        if (Random is null) throw new ArgumentException("raft config: a seeded Random must be injected");
        if (ReadOnlyOption == ReadOnlyOption.LeaseBased && !CheckQuorum)
            throw new ArgumentException("raft config: lease-based reads require check-quorum");
        if (EffectiveLeaseTicks >= ElectionTick)
            throw new ArgumentException($"raft config: lease ({EffectiveLeaseTicks} ticks) must be shorter than the election timeout ({ElectionTick} ticks)");
    }
}
