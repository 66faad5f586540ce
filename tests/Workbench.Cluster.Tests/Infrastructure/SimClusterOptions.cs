using Workbench.Raft.Core;
using Workbench.Raft.Log;

namespace Workbench.Cluster.Tests.Infrastructure;

public sealed class SimClusterOptions
{
    public int ElectionTick { get; set; } = 10;
    public int HeartbeatTick { get; set; } = 1;
    public bool PreVote { get; set; } = true;
    public bool CheckQuorum { get; set; } = true;
    public ReadOnlyOption ReadOnlyOption { get; set; } = ReadOnlyOption.Safe;
    public int MaxInflightMsgs { get; set; } = 64;
    public ulong MaxSizePerMsg { get; set; } = 64 * 1024;
    public int SnapshotEveryEntries { get; set; }
    public int CatchUpEntries { get; set; } = 10;
    public int RequestTimeoutTicks { get; set; } = 100;
    public bool UnsafeLocalReads { get; set; }

    /// <summary>Creates the storage of a node given its id and the initial voters (empty for a node that joins later). Default: memory.</summary>
    public Func<ulong, IReadOnlyList<ulong>, IRaftStorage>? StorageFactory { get; set; }

    /// <summary>Re-opens a node's storage after a crash (durable storages recover from their files). Default: keep the same object.</summary>
    public Func<ulong, IRaftStorage, IRaftStorage>? ReopenStorage { get; set; }
}
