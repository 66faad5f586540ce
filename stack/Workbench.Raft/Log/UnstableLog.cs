using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>
/// Entries (and possibly an incoming snapshot) not yet written to storage (etcd's unstable).
/// <see cref="Offset"/> is the index of <c>Entries[0]</c>. Not thread-safe.
/// </summary>
internal sealed class UnstableLog
{
    public UnstableLog(ulong offset) => Offset = offset;

    public Snapshot? Snapshot { get; private set; }
    public List<Entry> Entries { get; private set; } = [];
    public ulong Offset { get; private set; }

    public bool TryFirstIndex(out ulong index)
    {
        index = Snapshot is null ? 0 : Snapshot.Metadata.Index + 1;
        return Snapshot is not null;
    }

    public bool TryLastIndex(out ulong index)
    {
        if (Entries.Count > 0)
        {
            index = Offset + (ulong)Entries.Count - 1;
            return true;
        }
        index = Snapshot?.Metadata.Index ?? 0;
        return Snapshot is not null;
    }

    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index < Offset)
        {
            if (Snapshot is not null && Snapshot.Metadata.Index == index)
            {
                term = Snapshot.Metadata.Term;
                return true;
            }
            return false;
        }
        if (!TryLastIndex(out var last) || index > last) return false;
        term = Entries[(int)(index - Offset)].Term;
        return true;
    }

    /// <summary>Storage has persisted entries up to (index, term): drop them from here if still the same entries.</summary>
    public void StableTo(ulong index, ulong term)
    {
        if (!TryTerm(index, out var t) || t != term || index < Offset) return;
        var n = (int)(index + 1 - Offset);
        Entries.RemoveRange(0, n);
        Offset = index + 1;
    }

    public void StableSnapTo(ulong index)
    {
        if (Snapshot is not null && Snapshot.Metadata.Index == index) Snapshot = null;
    }

    public void Restore(Snapshot snapshot)
    {
        Offset = snapshot.Metadata.Index + 1;
        Entries = [];
        Snapshot = snapshot;
    }

    public void TruncateAndAppend(IReadOnlyList<Entry> entries)
    {
        var after = entries[0].Index;
        if (after == Offset + (ulong)Entries.Count)
        {
            Entries.AddRange(entries);
        }
        else if (after <= Offset)
        {
            // Replaces the whole unstable part (the storage part beyond `after` is overwritten on persist).
            Offset = after;
            Entries = [.. entries];
        }
        else
        {
            Entries.RemoveRange((int)(after - Offset), Entries.Count - (int)(after - Offset));
            Entries.AddRange(entries);
        }
    }

    public List<Entry> Slice(ulong lo, ulong hi) => Entries.GetRange((int)(lo - Offset), (int)(hi - lo));
}
