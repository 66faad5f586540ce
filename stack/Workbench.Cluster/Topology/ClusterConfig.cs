using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Topology;

/// <summary>A cluster as its YAML describes it (DESIGN.md §5.3); <see cref="ClusterConfigLoader"/> validates it.</summary>
public sealed class ClusterConfig
{
    public string Topology { get; init; } = "in-process";
    public string PdAddress { get; init; } = "127.0.0.1:2379";
    public string PdDataDir { get; init; } = "data/pd";

    /// <summary>tcp topology: PD's Prometheus metrics endpoint (HOST:PORT; null = none).</summary>
    public string? PdStatusAddress { get; init; }
    public List<NodeConfig> Nodes { get; init; } = [];
    public int Replicas { get; init; } = 3;

    /// <summary><c>raft.log: engine</c> keeps the Raft log in the engine's raft CF; <c>separate</c> (default) in its own files.</summary>
    public bool RaftLogInEngine { get; init; }

    public int TickMs { get; init; } = 100;
    public int ElectionTick { get; init; } = 10;
    public int HeartbeatTick { get; init; } = 2;
    public long SplitSizeBytes { get; init; } = 8 << 20;
    public long SplitKeys { get; init; } = 80_000;

    /// <summary>Region snapshot flow control (StoreOptions has the meaning and TiKV's names).</summary>
    public int SnapshotChunkBytes { get; init; } = 1 << 20;
    public long SnapshotMaxBytesPerSec { get; init; } = 100L << 20;
    public int SnapshotConcurrentSends { get; init; } = 4;
    public int SnapshotConcurrentReceives { get; init; } = 4;

    /// <summary>PD's schedule settings (limits that throttle a data move); null = defaults with <see cref="Replicas"/>.</summary>
    public PdOptions? Schedule { get; init; }

    public StoreOptions StoreOptions(ulong storeId) => new()
    {
        StoreId = storeId,
        ElectionTick = ElectionTick,
        HeartbeatTick = HeartbeatTick,
        SplitSizeBytes = SplitSizeBytes,
        SplitKeys = SplitKeys,
        SplitKeyOf = Txn.TxnKeys.SplitKeyOf, // split on user-key boundaries, never between a txn key's versions
        TickMs = TickMs,
        SnapshotChunkBytes = SnapshotChunkBytes,
        SnapshotMaxBytesPerSec = SnapshotMaxBytesPerSec,
        SnapshotConcurrentSends = SnapshotConcurrentSends,
        SnapshotConcurrentReceives = SnapshotConcurrentReceives,
    };
}

/// <summary>One node of the cluster: its store id, address, engine (any registered engine, with options) and labels (e.g. zone).</summary>
public sealed record NodeConfig(ulong Id, string Address, EngineConfig Engine, IReadOnlyDictionary<string, string> Labels, int Line)
{
    /// <summary>tcp topology: the node's files (default <c>data/node{id}</c>, relative to the working directory).</summary>
    public string? DataDir { get; init; }

    /// <summary>tcp topology: the node's Prometheus metrics endpoint (HOST:PORT; null = none).</summary>
    public string? StatusAddress { get; init; }

    /// <summary>tcp topology: listed for `cluster add-node`; `cluster up` does not start it and PD does not wait for it to bootstrap.</summary>
    public bool Standby { get; init; }

    public string DataDirOrDefault => DataDir ?? $"data/node{Id}";
}
