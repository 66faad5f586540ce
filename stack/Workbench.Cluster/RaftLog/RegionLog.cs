using Workbench.Raft.Messages;

namespace Workbench.Cluster.RaftLog;

/// <summary>
/// The in-memory view of one region's Raft log on a store: entries (TruncatedIndex, LastIndex],
/// the hard state, and the truncated state (index and term of the last entry discarded, which a
/// snapshot covers). <see cref="StoreRaftLog"/> keeps one per region and mirrors every change to
/// its durable form. Not thread-safe (the store loop owns it).
/// </summary>
public sealed class RegionLog
{
    private readonly List<Entry> _entries = [];

    /// <summary>An empty log for region <paramref name="regionId"/>.</summary>
    public RegionLog(ulong regionId) => RegionId = regionId;

    /// <summary>The region the log belongs to.</summary>
    public ulong RegionId { get; }
    /// <summary>Term, vote and commit as last set.</summary>
    public HardState HardState { get; internal set; } = new();
    /// <summary>Index of the last entry discarded (covered by a snapshot).</summary>
    public ulong TruncatedIndex { get; private set; }
    /// <summary>Term of that entry.</summary>
    public ulong TruncatedTerm { get; private set; }
    /// <summary>Index of the first entry held.</summary>
    public ulong FirstIndex => TruncatedIndex + 1;
    /// <summary>Index of the last entry held (TruncatedIndex when empty).</summary>
    public ulong LastIndex => TruncatedIndex + (ulong)_entries.Count;
    /// <summary>Entries held.</summary>
    public int Count => _entries.Count;

    /// <summary>Appends, replacing any entries at and after the first one's index (Raft's conflicting suffix).</summary>
    internal void Append(IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return;
        var skip = 0;
        while (skip < entries.Count && entries[skip].Index <= TruncatedIndex) skip++;
        if (skip == entries.Count) return;
        var start = entries[skip].Index;
        if (start > LastIndex + 1) throw new InvalidOperationException($"region {RegionId}: raft log gap: appending index {start} after last index {LastIndex}");
        var keep = (int)(start - TruncatedIndex - 1);
        if (keep < _entries.Count) _entries.RemoveRange(keep, _entries.Count - keep);
        for (var i = skip; i < entries.Count; i++) _entries.Add(entries[i]);
    }

    /// <summary>Discards entries up to and including <paramref name="index"/> (which must be in the log).</summary>
    internal void CompactTo(ulong index)
    {
        if (index <= TruncatedIndex) return;
        if (index > LastIndex) throw new ArgumentOutOfRangeException(nameof(index), index, $"region {RegionId}: compaction beyond last index {LastIndex}");
        var n = (int)(index - TruncatedIndex);
        TruncatedTerm = _entries[n - 1].Term;
        TruncatedIndex = index;
        _entries.RemoveRange(0, n);
    }

    /// <summary>Drops every entry: the log now starts after (index, term), e.g. after a snapshot or at a region's creation.</summary>
    internal void Reset(ulong index, ulong term)
    {
        _entries.Clear();
        TruncatedIndex = index;
        TruncatedTerm = term;
    }

    /// <summary>Entry <paramref name="index"/>; it must be in [FirstIndex, LastIndex].</summary>
    public Entry Entry(ulong index) => _entries[(int)(index - TruncatedIndex - 1)];

    /// <summary>Term of entry <paramref name="index"/>; valid for TruncatedIndex ≤ index ≤ LastIndex, false otherwise.</summary>
    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index == TruncatedIndex)
        {
            term = TruncatedTerm;
            return true;
        }
        if (index < TruncatedIndex || index > LastIndex) return false;
        term = Entry(index).Term;
        return true;
    }

    /// <summary>Entries in [lo, hi), at least one, stopping before the running size exceeds <paramref name="maxSize"/>.</summary>
    public List<Entry> Slice(ulong lo, ulong hi, ulong maxSize)
    {
        var result = new List<Entry>((int)Math.Min(hi - lo, 256));
        ulong size = 0;
        for (var i = lo; i < hi; i++)
        {
            var e = Entry(i);
            size += (ulong)e.CalculateSize();
            if (result.Count > 0 && size > maxSize) break;
            result.Add(e);
        }
        return result;
    }

    /// <summary>Bytes of the entries held (for metrics).</summary>
    public long ApproximateBytes()
    {
        long n = 0;
        foreach (var e in _entries) n += e.Data.Length + 24;
        return n;
    }
}
