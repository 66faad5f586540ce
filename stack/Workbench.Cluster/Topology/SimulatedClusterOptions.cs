using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Topology;

/// <summary>Settings of a <see cref="SimulatedCluster"/>; everything random derives from <see cref="Seed"/>.</summary>
public sealed class SimulatedClusterOptions
{
    /// <summary>The seed of the whole simulation.</summary>
    public int Seed { get; init; }
    /// <summary>Stores to start.</summary>
    public int Nodes { get; init; } = 3;
    /// <summary>Virtual milliseconds per Raft tick.</summary>
    public int TickMs { get; init; } = 10;
    /// <summary>A client RPC not answered within this many virtual milliseconds times out.</summary>
    public int RpcTimeoutMs { get; init; } = 3_000;
    /// <summary>PD's schedule settings.</summary>
    public PdOptions Pd { get; init; } = new();
    /// <summary>Registry the stores' engines are opened from (built-in engines by default).</summary>
    public EngineRegistry Registry { get; init; } = new EngineRegistry().RegisterBuiltIns();

    /// <summary>The engine of each node (default: the memory engine, durable so crashes lose only unsynced writes).</summary>
    public Func<ulong, EngineConfig> EngineFor { get; init; } = _ => new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" });

    /// <summary>The zone label of each store id (null = no zones).</summary>
    public Func<ulong, string?>? ZoneOf { get; init; }

    /// <summary>Keep the Raft log in the engine's raft CF (raft.log: engine) instead of separate segment files.</summary>
    public bool RaftLogInEngine { get; init; }

    /// <summary>Raft log segment size in bytes.</summary>
    public long RaftLogSegmentBytes { get; init; } = 1 << 20;

    /// <summary>Raftstore settings per node (the store id is filled in by the cluster).</summary>
    public Func<ulong, StoreOptions> StoreOptions { get; init; } = id => new StoreOptions { StoreId = id };
}
