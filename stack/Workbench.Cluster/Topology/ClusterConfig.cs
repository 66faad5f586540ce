using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Topology;

/// <summary>A cluster as its YAML describes it (DESIGN.md §5.3); <see cref="ClusterConfigLoader"/> validates it.</summary>
public sealed class ClusterConfig
{
    /// <summary>in-process, simulated or tcp (the `topology` key).</summary>
    public string Topology { get; init; } = "in-process";
    /// <summary>PD's address (tcp: where PD listens; host:port).</summary>
    public string PdAddress { get; init; } = "127.0.0.1:2379";
    /// <summary>PD's data directory (tcp).</summary>
    public string PdDataDir { get; init; } = "data/pd";

    /// <summary>tcp topology: PD's Prometheus metrics endpoint (HOST:PORT; null = none).</summary>
    public string? PdStatusAddress { get; init; }
    /// <summary>The nodes, in file order.</summary>
    public List<NodeConfig> Nodes { get; init; } = [];
    /// <summary>Copies of each region.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary><c>raft.log: engine</c> keeps the Raft log in the engine's raft CF; <c>separate</c> (default) in its own files.</summary>
    public bool RaftLogInEngine { get; init; }

    /// <summary>Wall-clock milliseconds per Raft tick.</summary>
    public int TickMs { get; init; } = 100;
    /// <summary>Ticks of the election timeout.</summary>
    public int ElectionTick { get; init; } = 10;
    /// <summary>Ticks between leader heartbeats.</summary>
    public int HeartbeatTick { get; init; } = 2;
    /// <summary>A region is split once its approximate size passes this (bytes).</summary>
    public long SplitSizeBytes { get; init; } = 8 << 20;
    /// <summary>A region is split once its key count passes this.</summary>
    public long SplitKeys { get; init; } = 80_000;

    /// <summary>Region snapshot flow control (StoreOptions has the meaning and TiKV's names).</summary>
    public int SnapshotChunkBytes { get; init; } = 1 << 20;
    /// <summary>Bytes per second of snapshot sending per store (TiKV's snap-io-max-bytes-per-sec).</summary>
    public long SnapshotMaxBytesPerSec { get; init; } = 100L << 20;
    /// <summary>Snapshots a store sends at once.</summary>
    public int SnapshotConcurrentSends { get; init; } = 4;
    /// <summary>Snapshots a store receives at once.</summary>
    public int SnapshotConcurrentReceives { get; init; } = 4;

    /// <summary>Every store's write flow control (ServerIsBusy thresholds; TiKV's names and defaults).</summary>
    public FlowControlOptions FlowControl { get; init; } = new();

    /// <summary>PD's schedule settings (limits that throttle a data move); null = defaults with <see cref="Replicas"/>.</summary>
    public PdOptions? Schedule { get; init; }

    /// <summary>The raftstore settings of store <paramref name="storeId"/> from the cluster's Raft and split keys.</summary>
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
        FlowControl = FlowControl,
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

    /// <summary><see cref="DataDir"/>, or data/node{id} when unset.</summary>
    public string DataDirOrDefault => DataDir ?? $"data/node{Id}";
}
