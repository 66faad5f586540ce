namespace Workbench.Cluster.Kv;

/// <summary>Outcome of a KV command. For get: Found/Value. For cas: Succeeded. For put/delete: Succeeded is true.</summary>
public sealed record KvResult(KvStatus Status, bool Succeeded = false, bool Found = false, byte[]? Value = null, ulong LeaderHint = 0)
{
    /// <summary>Refused by a non-leader; <paramref name="leaderHint"/> is the leader it knows (0 = none).</summary>
    public static KvResult NotLeader(ulong leaderHint) => new(KvStatus.NotLeader, LeaderHint: leaderHint);
    /// <summary>No answer within the request timeout; the outcome of a write is unknown.</summary>
    public static readonly KvResult TimedOut = new(KvStatus.Timeout);
    /// <summary>Raft refused the proposal; nothing happened.</summary>
    public static readonly KvResult Dropped = new(KvStatus.Dropped);
}
