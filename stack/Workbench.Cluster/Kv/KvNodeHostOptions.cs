using System.Net;

namespace Workbench.Cluster.Kv;

/// <summary>Settings of one KV replica process (<see cref="KvNodeHost"/>).</summary>
public sealed class KvNodeHostOptions
{
    /// <summary>Raft id of this replica (non-zero).</summary>
    public required ulong Id { get; init; }
    /// <summary>Every replica's address by id (this one included).</summary>
    public required IReadOnlyDictionary<ulong, IPEndPoint> Peers { get; init; }
    /// <summary>Address to listen on (port 0 = ephemeral).</summary>
    public required IPEndPoint Listen { get; init; }
    /// <summary>Directory of the replica's Raft log.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Wall-clock milliseconds per Raft tick.</summary>
    public int TickMs { get; init; } = 20;
    /// <summary>Ticks of the election timeout.</summary>
    public int ElectionTicks { get; init; } = 10;
    /// <summary>Seed of the randomized election timeouts.</summary>
    public int Seed { get; init; } = Environment.TickCount;
}
