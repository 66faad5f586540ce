using System.Globalization;
using System.Text;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree;

/// <summary>Metrics and the stats property.</summary>
public sealed partial class BTreeEngine
{
    /// <inheritdoc/>
    public EngineMetrics GetMetrics()
    {
        ThrowIfDisposed();
        var c = new Dictionary<string, long>();
        long entries = 0, live = 0, leaf = 0, branch = 0, overflow = 0, height = 0;
        _treeLock.EnterReadLock();
        try
        {
            foreach (var t in _trees)
            {
                entries += t.Entries;
                live += t.LiveBytes;
                leaf += t.LeafPages;
                branch += t.BranchPages;
                overflow += t.OverflowPages;
                height = Math.Max(height, t.Height);
            }
            c[BTreeCounterNames.CowCopies] = _store.CowCopies;
            c[BTreeCounterNames.Splits] = _writer.Splits;
            c[BTreeCounterNames.Merges] = _writer.Merges;
            c[BTreeCounterNames.Redistributions] = _writer.Redistributions;
            c["sequence"] = _sequence;
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
        c["entries"] = entries;
        c["live_bytes"] = live;
        c[BTreeCounterNames.Height] = height;
        c[BTreeCounterNames.PagesLeaf] = leaf;
        c[BTreeCounterNames.PagesBranch] = branch;
        c[BTreeCounterNames.PagesOverflow] = overflow;
        c[BTreeCounterNames.PagesFree] = _space.FreeOrPendingCount;
        c[BTreeCounterNames.PagesFile] = _space.PageCount;
        c[BTreeCounterNames.FillFactorPct] = leaf + overflow == 0 ? 0 : live * 100 / ((leaf + overflow) * _pageSize);
        c[CounterNames.BlockCacheHit] = _cache.Hits;
        c[CounterNames.BlockCacheMiss] = _cache.Misses;
        c[BTreeCounterNames.CacheEvictions] = _cache.Evictions;
        c[BTreeCounterNames.CacheWriteBacks] = _cache.WriteBacks;
        c[BTreeCounterNames.CacheOvercommits] = _cache.Overcommits;
        c[BTreeCounterNames.CacheResidentPages] = _cache.ResidentPages;
        c[BTreeCounterNames.Checkpoints] = Interlocked.Read(ref _checkpoints);
        c[BTreeCounterNames.CheckpointPagesLast] = Interlocked.Read(ref _lastCheckpointPages);
        c[BTreeCounterNames.CheckpointPagesTotal] = Interlocked.Read(ref _checkpointPagesTotal);
        c[BTreeCounterNames.CheckpointId] = CheckpointId;
        c[BTreeCounterNames.CheckpointFreezeMaxUs] = Interlocked.Read(ref _checkpointFreezeMaxUs);
        c[BTreeCounterNames.CheckpointMaxMs] = Interlocked.Read(ref _checkpointMaxMs);
        c[BTreeCounterNames.WalBackpressureWaits] = Interlocked.Read(ref _backpressureWaits);
        c[BTreeCounterNames.IoPageRewritesBeforeSyncBytes] = _cache.RewritesBeforeSyncBytes;
        c[BTreeCounterNames.CacheDirtyPages] = _cache.DirtyPages;
        c[BTreeCounterNames.CacheCleanedPages] = _cache.CleanedPages;
        c[BTreeCounterNames.CacheWriteBackMaxUs] = _cache.WriteBackMaxUs;
        c[BTreeCounterNames.WriteWalAppendMaxUs] = TicksToUs(Interlocked.Read(ref _walAppendMaxTicks));
        c[BTreeCounterNames.WriteTreeLockWaitMaxUs] = TicksToUs(Interlocked.Read(ref _treeLockWaitMaxTicks));
        c[BTreeCounterNames.WriteApplyMaxUs] = TicksToUs(Interlocked.Read(ref _applyMaxTicks));
        c[BTreeCounterNames.WriteSlowGroups] = Interlocked.Read(ref _slowGroups);
        c[BTreeCounterNames.WriteSlowByWal] = Interlocked.Read(ref _slowByWal);
        c[BTreeCounterNames.WriteSlowByTreeLock] = Interlocked.Read(ref _slowByTreeLock);
        c[BTreeCounterNames.WriteSlowByApply] = Interlocked.Read(ref _slowByApply);
        c[BTreeCounterNames.WalGroups] = Interlocked.Read(ref _groups);
        c[BTreeCounterNames.WalBatches] = Interlocked.Read(ref _batches);
        c[BTreeCounterNames.RecoveryReplayedBatches] = _replayedBatches;
        _stalls.AddCounters(c);
        return new EngineMetrics(_fs.Counters.Snapshot(), DiskBytes(), c);
    }

    /// <inheritdoc/>
    public string? GetProperty(string name)
    {
        ThrowIfDisposed();
        if (name != PropertyNames.Stats) return null;
        var m = GetMetrics();
        var c = m.Counters;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"btree engine: page size {_pageSize} B, cache {_cache.CapacityPages} pages ({_options.CacheSize} B), checkpoint every {_options.CheckpointWalBytes} log bytes");
        if (_options.CheckpointIntervalMs > 0) sb.Append(inv, $" or {_options.CheckpointIntervalMs} ms");
        sb.AppendLine();
        sb.AppendLine(inv, $"  checkpoint id {c[BTreeCounterNames.CheckpointId]} (recovered from {_recoveredCheckpointId}, replayed {_replayedBatches} batches), checkpoints {c[BTreeCounterNames.Checkpoints]}, pages written: last {c[BTreeCounterNames.CheckpointPagesLast]}, total {c[BTreeCounterNames.CheckpointPagesTotal]}");
        _treeLock.EnterReadLock();
        try
        {
            foreach (var t in _trees)
            {
                var pages = t.LeafPages + t.OverflowPages;
                var fill = pages == 0 ? 0 : 100.0 * t.LiveBytes / (pages * (double)_pageSize);
                sb.AppendLine(inv, $"  cf {t.Name}: height {t.Height}, {t.Entries} entries, {t.LiveBytes} live bytes, pages leaf {t.LeafPages} branch {t.BranchPages} overflow {t.OverflowPages}, leaf fill {fill:F1}%");
            }
        }
        finally
        {
            _treeLock.ExitReadLock();
        }
        var live = c["live_bytes"];
        sb.AppendLine(inv, $"  file: {c[BTreeCounterNames.PagesFile]} pages ({c[BTreeCounterNames.PagesFile] * _pageSize} B), free or pending {c[BTreeCounterNames.PagesFree]}; disk {m.DiskBytes} B vs live {live} B (space amp {(live == 0 ? 0 : (double)m.DiskBytes / live):F2})");
        sb.AppendLine(inv, $"  buffer pool: hits {c[CounterNames.BlockCacheHit]}, misses {c[CounterNames.BlockCacheMiss]}, evictions {c[BTreeCounterNames.CacheEvictions]}, dirty write-backs {c[BTreeCounterNames.CacheWriteBacks]}, resident {c[BTreeCounterNames.CacheResidentPages]}, dirty {c[BTreeCounterNames.CacheDirtyPages]}, written ahead by the page cleaner {c[BTreeCounterNames.CacheCleanedPages]}");
        sb.AppendLine(inv, $"  writes: {c[BTreeCounterNames.WalBatches]} batches in {c[BTreeCounterNames.WalGroups]} commit groups; cow copies {c[BTreeCounterNames.CowCopies]}, splits {c[BTreeCounterNames.Splits]}, redistributions {c[BTreeCounterNames.Redistributions]}, merges {c[BTreeCounterNames.Merges]}");
        sb.Append("  io bytes:");
        foreach (var (cat, bytes) in m.Io.ToDictionary()) sb.Append(inv, $" {cat}={bytes}");
        sb.AppendLine();
        return sb.ToString();
    }
}
