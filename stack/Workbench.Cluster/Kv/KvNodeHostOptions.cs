using System.Net;

namespace Workbench.Cluster.Kv;

public sealed class KvNodeHostOptions
{
    public required ulong Id { get; init; }
    public required IReadOnlyDictionary<ulong, IPEndPoint> Peers { get; init; }
    public required IPEndPoint Listen { get; init; }
    public required string DataDirectory { get; init; }
    public int TickMs { get; init; } = 20;
    public int ElectionTicks { get; init; } = 10;
    public int Seed { get; init; } = Environment.TickCount;
}
