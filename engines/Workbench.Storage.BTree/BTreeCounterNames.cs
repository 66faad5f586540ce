namespace Workbench.Storage.BTree;

/// <summary>Counter names the btree engine reports in <see cref="Workbench.Storage.Metrics.EngineMetrics.Counters"/> (prefix "btree."), one place for the engine and its tests.</summary>
internal static class BTreeCounterNames
{
    public const string CowCopies = "btree.cow_copies";
    public const string Splits = "btree.splits";
    public const string Merges = "btree.merges";
    public const string Redistributions = "btree.redistributions";
    public const string Height = "btree.height";
    public const string PagesLeaf = "btree.pages.leaf";
    public const string PagesBranch = "btree.pages.branch";
    public const string PagesOverflow = "btree.pages.overflow";
    public const string PagesFree = "btree.pages.free";
    public const string PagesFile = "btree.pages.file";
    public const string FillFactorPct = "btree.fill_factor_pct";
    public const string CacheEvictions = "btree.cache.evictions";
    public const string CacheWriteBacks = "btree.cache.write_backs";
    public const string CacheOvercommits = "btree.cache.overcommits";
    public const string CacheResidentPages = "btree.cache.resident_pages";
    public const string Checkpoints = "btree.checkpoints";
    public const string CheckpointPagesLast = "btree.checkpoint.pages_last";
    public const string CheckpointPagesTotal = "btree.checkpoint.pages_total";
    public const string CheckpointId = "btree.checkpoint.id";
    public const string CheckpointFreezeMaxUs = "btree.checkpoint.freeze_max_us";
    public const string CheckpointMaxMs = "btree.checkpoint.max_ms";
    public const string WalBackpressureWaits = "btree.wal.backpressure_waits";
    public const string IoPageRewritesBeforeSyncBytes = "btree.io.page_rewrites_before_sync_bytes";
    public const string CacheDirtyPages = "btree.cache.dirty_pages";
    public const string CacheCleanedPages = "btree.cache.cleaned_pages";
    public const string CacheWriteBackMaxUs = "btree.cache.write_back_max_us";
    public const string WriteWalAppendMaxUs = "btree.write.wal_append_max_us";
    public const string WriteTreeLockWaitMaxUs = "btree.write.tree_lock_wait_max_us";
    public const string WriteApplyMaxUs = "btree.write.apply_max_us";
    public const string WriteSlowGroups = "btree.write.slow_groups";
    public const string WriteSlowByWal = "btree.write.slow_by_wal";
    public const string WriteSlowByTreeLock = "btree.write.slow_by_tree_lock";
    public const string WriteSlowByApply = "btree.write.slow_by_apply";
    public const string WalGroups = "btree.wal.groups";
    public const string WalBatches = "btree.wal.batches";
    public const string RecoveryReplayedBatches = "btree.recovery.replayed_batches";
}
