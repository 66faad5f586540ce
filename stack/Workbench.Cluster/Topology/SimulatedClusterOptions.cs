using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Topology;

/// <summary>Settings of a <see cref="SimulatedCluster"/>; everything random derives from <see cref="Seed"/>.</summary>
public sealed class SimulatedClusterOptions
{
    public int Seed { get; init; }
    public int Nodes { get; init; } = 3;
    public int TickMs { get; init; } = 10;
    public int RpcTimeoutMs { get; init; } = 3_000;
    public PdOptions Pd { get; init; } = new();
    public EngineRegistry Registry { get; init; } = new EngineRegistry().RegisterBuiltIns();

    /// <summary>The engine of each node (default: the memory engine, durable so crashes lose only unsynced writes).</summary>
    public Func<ulong, EngineConfig> EngineFor { get; init; } = _ => new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" });

    public Func<ulong, string?>? ZoneOf { get; init; }

    /// <summary>Keep the Raft log in the engine's raft CF (raft.log: engine) instead of separate segment files.</summary>
    public bool RaftLogInEngine { get; init; }

    public long RaftLogSegmentBytes { get; init; } = 1 << 20;

    /// <summary>Raftstore settings per node (the store id is filled in by the cluster).</summary>
    public Func<ulong, StoreOptions> StoreOptions { get; init; } = id => new StoreOptions { StoreId = id };
}
