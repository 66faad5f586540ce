namespace Workbench.Cluster.Store;

/// <summary>The column families every store's engine is opened with (TiKV's): data in default/lock/write, the store's own state in raft.</summary>
public static class ColumnFamilies
{
    public const string Default = "default";
    public const string Lock = "lock";
    public const string Write = "write";
    public const string Raft = "raft";

    public static readonly IReadOnlyList<string> All = [Default, Lock, Write, Raft];

    /// <summary>The CFs that hold region data (copied by snapshots, deleted when a peer is destroyed).</summary>
    public static readonly IReadOnlyList<string> Data = [Default, Lock, Write];
}
