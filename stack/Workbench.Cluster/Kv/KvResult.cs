namespace Workbench.Cluster.Kv;

/// <summary>Outcome of a KV command. For get: Found/Value. For cas: Succeeded. For put/delete: Succeeded is true.</summary>
public sealed record KvResult(KvStatus Status, bool Succeeded = false, bool Found = false, byte[]? Value = null, ulong LeaderHint = 0)
{
    public static KvResult NotLeader(ulong leaderHint) => new(KvStatus.NotLeader, LeaderHint: leaderHint);
    public static readonly KvResult TimedOut = new(KvStatus.Timeout);
    public static readonly KvResult Dropped = new(KvStatus.Dropped);
}
