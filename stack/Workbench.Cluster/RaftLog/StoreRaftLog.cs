using Workbench.Raft.Messages;

namespace Workbench.Cluster.RaftLog;

/// <summary>
/// The Raft logs of every region on one store, in memory (<see cref="RegionLog"/>) and durable
/// through a subclass: <see cref="SegmentRaftLog"/> (files of its own, category raft_log, as
/// TiKV's raft engine) or <see cref="EngineRaftLog"/> (the engine's raft CF, as TiKV's old RaftDB).
/// Changes are buffered and made durable together by <see cref="Commit"/>: the store loop calls it
/// once per round for all regions (one write, and one sync when any Ready needs it), before it
/// sends that round's messages. Not thread-safe (the store loop owns it).
/// </summary>
public abstract class StoreRaftLog : IDisposable
{
    private readonly Dictionary<ulong, RegionLog> _regions = [];

    /// <summary>Every region's log on this store, by region id.</summary>
    public IReadOnlyDictionary<ulong, RegionLog> Regions => _regions;

    /// <summary>Commits that synced (one per store round that had entries, a snapshot or a vote to persist).</summary>
    public long Syncs { get; private set; }

    /// <summary>Commits made (one per store-loop round with changes).</summary>
    public long Commits { get; private set; }

    /// <summary>The log of region <paramref name="regionId"/>, if the store has one.</summary>
    public bool TryGet(ulong regionId, out RegionLog log) => _regions.TryGetValue(regionId, out log!);

    /// <summary>The log of region <paramref name="regionId"/>, created empty when missing.</summary>
    public RegionLog GetOrCreate(ulong regionId)
    {
        if (!_regions.TryGetValue(regionId, out var log))
        {
            log = new RegionLog(regionId);
            _regions[regionId] = log;
        }
        return log;
    }

    /// <summary>Appends <paramref name="entries"/> to the region's log, replacing any at and after the first one's index; durable at the next Commit.</summary>
    public void Append(ulong regionId, IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return;
        var log = GetOrCreate(regionId);
        var oldLast = log.LastIndex;
        log.Append(entries);
        OnAppend(log, entries, oldLast);
    }

    /// <summary>Sets the region's hard state; durable at the next Commit.</summary>
    public void SetHardState(ulong regionId, HardState hardState)
    {
        var log = GetOrCreate(regionId);
        log.HardState = hardState.Clone();
        OnHardState(log);
    }

    /// <summary>Drops the whole log of the region: it continues after (index, term) — a received snapshot or a new region.</summary>
    public void Reset(ulong regionId, ulong index, ulong term)
    {
        var log = GetOrCreate(regionId);
        var oldFirst = log.FirstIndex;
        var oldLast = log.LastIndex;
        log.Reset(index, term);
        OnReset(log, oldFirst, oldLast);
    }

    /// <summary>Discards entries up to <paramref name="index"/> (covered by applied state that is durable in the engine).</summary>
    public void Compact(ulong regionId, ulong index)
    {
        if (!_regions.TryGetValue(regionId, out var log) || index <= log.TruncatedIndex) return;
        var oldFirst = log.FirstIndex;
        log.CompactTo(index);
        OnCompact(log, oldFirst);
    }

    /// <summary>Forgets a region (its peer was destroyed).</summary>
    public void Remove(ulong regionId)
    {
        if (!_regions.Remove(regionId, out var log)) return;
        OnRemove(log);
    }

    /// <summary>Makes every buffered change durable in one write; with <paramref name="sync"/> also synced.</summary>
    public void Commit(bool sync)
    {
        if (WriteBuffered(sync))
        {
            Commits++;
            if (sync) Syncs++;
        }
    }

    /// <summary>Recovery: installs a region's state read back from the durable form.</summary>
    protected RegionLog Recovered(ulong regionId) => GetOrCreate(regionId);

    /// <summary>Recovery: a region read back as removed.</summary>
    protected void Forget(ulong regionId) => _regions.Remove(regionId);

    /// <summary>Buffers the durable form of an append to <paramref name="log"/> (entries after <paramref name="oldLastIndex"/> were replaced).</summary>
    protected abstract void OnAppend(RegionLog log, IReadOnlyList<Entry> entries, ulong oldLastIndex);
    /// <summary>Buffers the durable form of <paramref name="log"/>'s new hard state.</summary>
    protected abstract void OnHardState(RegionLog log);
    /// <summary>Buffers the replacement of <paramref name="log"/> by a snapshot (its old entries are gone).</summary>
    protected abstract void OnReset(RegionLog log, ulong oldFirstIndex, ulong oldLastIndex);
    /// <summary>Buffers the removal of entries before the new first index of <paramref name="log"/>.</summary>
    protected abstract void OnCompact(RegionLog log, ulong oldFirstIndex);
    /// <summary>Buffers the removal of every trace of <paramref name="log"/> (the region left the store).</summary>
    protected abstract void OnRemove(RegionLog log);

    /// <summary>Writes what was buffered; false when there was nothing.</summary>
    protected abstract bool WriteBuffered(bool sync);

    /// <summary>Closes the durable form.</summary>
    public abstract void Dispose();
}
