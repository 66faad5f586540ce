namespace Workbench.Cluster.Store;

/// <summary>The column families every store's engine is opened with (TiKV's): data in default/lock/write, the store's own state in raft.</summary>
public static class ColumnFamilies
{
    /// <summary>TiKV's CF default: large values at key+start_ts.</summary>
    public const string Default = "default";
    /// <summary>TiKV's CF lock: Percolator locks.</summary>
    public const string Lock = "lock";
    /// <summary>TiKV's CF write: commit and rollback records.</summary>
    public const string Write = "write";
    /// <summary>The store's own state: region states, apply states (and the Raft log with raft.log: engine).</summary>
    public const string Raft = "raft";

    /// <summary>Every CF, in the order the engine is opened with.</summary>
    public static readonly IReadOnlyList<string> All = [Default, Lock, Write, Raft];

    /// <summary>The CFs that hold region data (copied by snapshots, deleted when a peer is destroyed).</summary>
    public static readonly IReadOnlyList<string> Data = [Default, Lock, Write];
}
