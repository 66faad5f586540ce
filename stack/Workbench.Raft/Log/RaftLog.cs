using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>
/// The Raft core's view of the log (etcd's raftLog): stable entries in <see cref="IRaftStorage"/>
/// followed by <see cref="UnstableLog"/> entries not yet persisted. Invariants:
/// applied ≤ committed ≤ LastIndex; committed entries are never truncated. Not thread-safe.
/// </summary>
public sealed class RaftLog
{
    private readonly UnstableLog _unstable;
    private readonly ulong _maxNextEntriesSize;

    /// <summary>A log over <paramref name="storage"/> with committed = applied = FirstIndex − 1; <paramref name="maxNextEntriesSize"/> caps the bytes of committed entries per Ready.</summary>
    public RaftLog(IRaftStorage storage, ulong maxNextEntriesSize)
    {
        Storage = storage;
        _maxNextEntriesSize = maxNextEntriesSize;
        var first = storage.FirstIndex;
        _unstable = new UnstableLog(storage.LastIndex + 1);
        Committed = first - 1;
        Applied = first - 1;
    }

    /// <summary>The stable part of the log.</summary>
    public IRaftStorage Storage { get; }
    /// <summary>Highest index known committed; never decreases.</summary>
    public ulong Committed { get; private set; }
    /// <summary>Highest index applied to the state machine; applied ≤ committed.</summary>
    public ulong Applied { get; private set; }

    /// <summary>First index still answerable: the unstable snapshot's index + 1 if one is pending, else storage's.</summary>
    public ulong FirstIndex => _unstable.TryFirstIndex(out var i) ? i : Storage.FirstIndex;
    /// <summary>Last index: the unstable tail's last entry if any, else storage's.</summary>
    public ulong LastIndex => _unstable.TryLastIndex(out var i) ? i : Storage.LastIndex;
    /// <summary>Term of the last entry.</summary>
    public ulong LastTerm => Term(LastIndex);

    /// <summary>Term of entry <paramref name="index"/>, or 0 when it is outside [FirstIndex-1, LastIndex] (etcd's zero-term semantics).</summary>
    public ulong Term(ulong index) => TryTerm(index, out var t) ? t : 0;

    /// <summary>Term of entry <paramref name="index"/>; false outside [FirstIndex − 1, LastIndex].</summary>
    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index + 1 < FirstIndex || index > LastIndex) return false;
        if (_unstable.TryTerm(index, out term)) return true;
        return Storage.TryTerm(index, out term);
    }

    /// <summary>Whether entry <paramref name="index"/> has term <paramref name="term"/> (index 0 term 0 always matches).</summary>
    public bool MatchTerm(ulong index, ulong term) => TryTerm(index, out var t) ? t == term : index == 0 && term == 0;

    /// <summary>Is a candidate's log (last index, last term) at least as up-to-date as ours (§5.4.1)?</summary>
    public bool IsUpToDate(ulong lastIndex, ulong lastTerm) => lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    /// <summary>Follower side of AppendEntries; returns the last new index, or null on a log mismatch at (index, logTerm).</summary>
    public ulong? MaybeAppend(ulong index, ulong logTerm, ulong committed, IReadOnlyList<Entry> entries)
    {
        if (!MatchTerm(index, logTerm)) return null;
        var lastNew = index + (ulong)entries.Count;
        var conflict = FindConflict(entries);
        if (conflict != 0)
        {
            if (conflict <= Committed)
                throw new InvalidOperationException($"raft invariant broken: entry {conflict} conflicts with committed entry (committed {Committed})");
            var offset = index + 1;
            var rest = new List<Entry>(entries.Count - (int)(conflict - offset));
            for (var i = (int)(conflict - offset); i < entries.Count; i++) rest.Add(entries[i]);
            Append(rest);
        }
        CommitTo(Math.Min(committed, lastNew));
        return lastNew;
    }

    /// <summary>Appends <paramref name="entries"/> after truncating any conflicting tail (never below committed); returns the new last index.</summary>
    public ulong Append(IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return LastIndex;
        var after = entries[0].Index - 1;
        if (after < Committed)
            throw new InvalidOperationException($"raft invariant broken: appending after {after} is below committed {Committed}");
        _unstable.TruncateAndAppend(entries);
        return LastIndex;
    }

    /// <summary>The first index whose term differs from ours (or that we lack); 0 if all match.</summary>
    public ulong FindConflict(IReadOnlyList<Entry> entries)
    {
        foreach (var e in entries)
            if (!MatchTerm(e.Index, e.Term)) return e.Index;
        return 0;
    }

    /// <summary>
    /// Fast backtracking (etcd raft's findConflictByTerm): the largest index ≤ <paramref name="index"/>
    /// whose term is ≤ <paramref name="term"/>, with that term. Lets a leader skip a whole divergent term per round trip.
    /// </summary>
    public (ulong Index, ulong Term) FindConflictByTerm(ulong index, ulong term)
    {
        while (true)
        {
            if (!TryTerm(index, out var ourTerm)) return (index, 0);
            if (ourTerm <= term) return (index, ourTerm);
            if (index == 0) return (0, 0);
            index--;
        }
    }

    /// <summary>A copy of the entries not yet persisted (what the next Ready hands to storage).</summary>
    public List<Entry> UnstableEntries() => [.. _unstable.Entries];
    /// <summary>Whether any entries await persisting.</summary>
    public bool HasUnstableEntries => _unstable.Entries.Count > 0;
    /// <summary>A received snapshot not yet persisted; null when none.</summary>
    public Snapshot? UnstableSnapshot => _unstable.Snapshot;

    /// <summary>Whether committed entries wait to be applied.</summary>
    public bool HasNextEntries => Committed + 1 > Math.Max(Applied + 1, FirstIndex);

    /// <summary>Committed entries not yet applied, limited by the per-Ready byte budget.</summary>
    public IReadOnlyList<Entry> NextEntries()
    {
        var off = Math.Max(Applied + 1, FirstIndex);
        return Committed + 1 > off ? Slice(off, Committed + 1, _maxNextEntriesSize) : [];
    }

    /// <summary>Entries from <paramref name="index"/> to the end, size-limited; empty past the last index.</summary>
    public IReadOnlyList<Entry> EntriesFrom(ulong index, ulong maxSize) =>
        index > LastIndex ? [] : Slice(index, LastIndex + 1, maxSize);

    /// <summary>Entries in [lo, hi), size-limited; throws <see cref="RaftLogCompactedException"/> if lo &lt; FirstIndex.</summary>
    public IReadOnlyList<Entry> Slice(ulong lo, ulong hi, ulong maxSize)
    {
        if (lo < FirstIndex) throw new RaftLogCompactedException(lo, FirstIndex);
        if (hi > LastIndex + 1) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"slice beyond last index {LastIndex}");
        if (lo == hi) return [];
        List<Entry> result = [];
        if (lo < _unstable.Offset)
        {
            var stored = Storage.Entries(lo, Math.Min(hi, _unstable.Offset), maxSize);
            if ((ulong)stored.Count < Math.Min(hi, _unstable.Offset) - lo) return stored;
            result.AddRange(stored);
        }
        if (hi > _unstable.Offset)
        {
            var from = Math.Max(lo, _unstable.Offset);
            result.AddRange(_unstable.Slice(from, hi));
        }
        return EntrySizes.Limit(result, 0, result.Count, maxSize);
    }

    /// <summary>Commits up to <paramref name="maxIndex"/> if that entry is of <paramref name="term"/> (a leader commits only its own term's entries by counting, §5.4.2); returns whether the commit index moved.</summary>
    public bool MaybeCommit(ulong maxIndex, ulong term)
    {
        if (maxIndex > Committed && Term(maxIndex) == term)
        {
            CommitTo(maxIndex);
            return true;
        }
        return false;
    }

    /// <summary>Raises the commit index to <paramref name="index"/> (no-op when lower); throws when past the last index.</summary>
    public void CommitTo(ulong index)
    {
        if (Committed >= index) return;
        if (LastIndex < index)
            throw new InvalidOperationException($"commit index {index} is beyond the last index {LastIndex} (log corrupted, truncated or lost?)");
        Committed = index;
    }

    /// <summary>Records entries up to <paramref name="index"/> as applied; throws when outside [Applied, Committed].</summary>
    public void AppliedTo(ulong index)
    {
        if (index == 0) return;
        if (index > Committed || index < Applied)
            throw new InvalidOperationException($"applied index {index} out of range [applied {Applied}, committed {Committed}]");
        Applied = index;
    }

    /// <summary>Marks unstable entries up to <paramref name="index"/> of <paramref name="term"/> as persisted (dropped from the unstable tail).</summary>
    public void StableTo(ulong index, ulong term) => _unstable.StableTo(index, term);
    /// <summary>Marks the unstable snapshot at <paramref name="index"/> as persisted.</summary>
    public void StableSnapTo(ulong index) => _unstable.StableSnapTo(index);

    /// <summary>The newest snapshot: the unstable one if pending, else storage's.</summary>
    public Snapshot Snapshot() => _unstable.Snapshot ?? Storage.Snapshot();

    /// <summary>Replaces the log with <paramref name="snapshot"/> (pending in the unstable part); commit moves to its index.</summary>
    public void Restore(Snapshot snapshot)
    {
        Committed = snapshot.Metadata.Index;
        _unstable.Restore(snapshot);
    }

    /// <summary>Indices and unstable size, for logs and test failures.</summary>
    public override string ToString() => $"committed={Committed} applied={Applied} first={FirstIndex} last={LastIndex} unstableOffset={_unstable.Offset} unstable={_unstable.Entries.Count}";
}
