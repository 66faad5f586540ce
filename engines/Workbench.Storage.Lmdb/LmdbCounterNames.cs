namespace Workbench.Storage.Lmdb;

/// <summary>Counter names the lmdb engine reports in <see cref="Workbench.Storage.Metrics.EngineMetrics.Counters"/> (prefix "lmdb."), one place for the engine and its tests.</summary>
internal static class LmdbCounterNames
{
    public const string MapSize = "lmdb.map_size";
    public const string MapResizes = "lmdb.map_resizes";
    public const string PageSize = "lmdb.page_size";
    public const string LastPage = "lmdb.last_page";
    public const string LastTxnId = "lmdb.last_txn_id";
    public const string Commits = "lmdb.commits";
    public const string Entries = "lmdb.entries";
    public const string LeafPages = "lmdb.leaf_pages";
    public const string BranchPages = "lmdb.branch_pages";
    public const string OverflowPages = "lmdb.overflow_pages";
    public const string Depth = "lmdb.depth";
}
