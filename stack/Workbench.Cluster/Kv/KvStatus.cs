namespace Workbench.Cluster.Kv;

/// <summary>How a KV command ended (the result fields are meaningful only for <see cref="Ok"/>).</summary>
public enum KvStatus
{
    /// <summary>Executed; see the result fields.</summary>
    Ok,

    /// <summary>This node is not the leader; nothing happened.</summary>
    NotLeader,

    /// <summary>No answer in time: a write may or may not have taken effect (unknown outcome).</summary>
    Timeout,

    /// <summary>Refused by Raft (e.g. leader transfer in progress); nothing happened.</summary>
    Dropped,
}
