namespace Workbench.Storage.BTree.Options;

/// <summary>Option names of "btree"; declared in <see cref="BTreeOptions"/>.</summary>
internal static class BTreeOptionNames
{
    public const string PageSize = "page_size";
    public const string CacheSize = "cache_size";
    public const string CheckpointWalBytes = "checkpoint_wal_bytes";
    public const string CheckpointIntervalMs = "checkpoint_interval_ms";
    public const string PageCleaner = "page_cleaner";
    public const string CleanVictimSearch = "clean_victim_search";
    public const string UnlockedPageWrites = "unlocked_page_writes";
}
