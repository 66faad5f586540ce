using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>
/// In-memory <see cref="IRaftStorage"/> (etcd's MemoryStorage): <c>_entries[0]</c> is a dummy
/// entry holding the snapshot's index and term. "Survives" a simulated process crash simply by
/// being kept by the test that restarts the node. Not thread-safe.
/// </summary>
public sealed class MemoryRaftStorage : IRaftStorage
{
    private readonly List<Entry> _entries = [];
    private HardState _hardState = new();
    private Snapshot _snapshot;

    /// <summary>
    /// A fresh log whose initial configuration has the given voters (and learners), bootstrapped with
    /// one committed ConfChange entry per member (<see cref="Bootstrap"/>). With no members it is
    /// the empty log of a node that joins an existing cluster.
    /// </summary>
    public MemoryRaftStorage(IEnumerable<ulong> voters, IEnumerable<ulong>? learners = null)
        : this(voters, learners, bootstrap: true)
    {
    }

    internal MemoryRaftStorage(IEnumerable<ulong> voters, IEnumerable<ulong>? learners, bool bootstrap)
    {
        var cs = new ConfState();
        cs.Voters.AddRange(voters);
        if (learners is not null) cs.Learners.AddRange(learners);
        _snapshot = new Snapshot { Metadata = new SnapshotMetadata { ConfState = cs, Index = 0, Term = 0 }, Data = ByteString.Empty };
        _entries.Add(new Entry());
        if (!bootstrap) return;
        var boot = Bootstrap.Entries(cs.Voters, cs.Learners);
        _entries.AddRange(boot);
        _hardState = Bootstrap.HardState(boot.Count);
    }

    /// <inheritdoc/>
    public RaftInitialState InitialState() => new(_hardState.Clone(), _snapshot.Metadata.ConfState.Clone());

    private ulong Offset => _entries[0].Index;
    /// <inheritdoc/>
    public ulong FirstIndex => Offset + 1;
    /// <inheritdoc/>
    public ulong LastIndex => Offset + (ulong)_entries.Count - 1;

    /// <inheritdoc/>
    public IReadOnlyList<Entry> Entries(ulong lo, ulong hi, ulong maxSize)
    {
        if (lo <= Offset) throw new RaftLogCompactedException(lo, FirstIndex);
        if (hi > LastIndex + 1) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"entries beyond the last index {LastIndex} requested");
        return EntrySizes.Limit(_entries, (int)(lo - Offset), (int)(hi - Offset), maxSize);
    }

    /// <inheritdoc/>
    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index < Offset || index > LastIndex) return false;
        term = _entries[(int)(index - Offset)].Term;
        return true;
    }

    /// <inheritdoc/>
    public Snapshot Snapshot() => _snapshot;

    /// <inheritdoc/>
    public void Append(IReadOnlyList<Entry> entries)
    {
        if (entries.Count == 0) return;
        var first = entries[0].Index;
        if (first + (ulong)entries.Count - 1 < FirstIndex) return; // all compacted already
        var skip = first < FirstIndex ? (int)(FirstIndex - first) : 0;
        var start = entries[skip].Index;
        if (start > LastIndex + 1) throw new InvalidOperationException($"raft log gap: appending index {start} after last index {LastIndex}");
        var keep = (int)(start - Offset);
        if (keep < _entries.Count) _entries.RemoveRange(keep, _entries.Count - keep);
        for (var i = skip; i < entries.Count; i++) _entries.Add(entries[i]);
    }

    /// <inheritdoc/>
    public void SetHardState(HardState hardState) => _hardState = hardState.Clone();

    /// <inheritdoc/>
    public void ApplySnapshot(Snapshot snapshot)
    {
        if (snapshot.Metadata.Index <= _snapshot.Metadata.Index) return;
        _snapshot = snapshot;
        _entries.Clear();
        _entries.Add(new Entry { Index = snapshot.Metadata.Index, Term = snapshot.Metadata.Term });
    }

    /// <inheritdoc/>
    public void CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data)
    {
        if (index <= _snapshot.Metadata.Index) return;
        if (index > LastIndex) throw new ArgumentOutOfRangeException(nameof(index), index, $"snapshot index beyond last index {LastIndex}");
        _snapshot = new Snapshot
        {
            Data = ByteString.CopyFrom(data.Span),
            Metadata = new SnapshotMetadata { Index = index, Term = _entries[(int)(index - Offset)].Term, ConfState = confState.Clone() },
        };
    }

    /// <inheritdoc/>
    public void Compact(ulong compactIndex)
    {
        if (compactIndex <= Offset) return;
        if (compactIndex > LastIndex) throw new ArgumentOutOfRangeException(nameof(compactIndex), compactIndex, $"compaction beyond last index {LastIndex}");
        if (compactIndex > _snapshot.Metadata.Index)
            throw new InvalidOperationException($"compacting to {compactIndex} would drop entries not covered by the snapshot at {_snapshot.Metadata.Index}");
        var i = (int)(compactIndex - Offset);
        var dummy = new Entry { Index = _entries[i].Index, Term = _entries[i].Term };
        _entries.RemoveRange(0, i + 1);
        _entries.Insert(0, dummy);
    }

    /// <summary>Nothing to do: memory is the only copy (a crash of this storage is a crash of the process).</summary>
    public void Sync()
    {
    }
}
