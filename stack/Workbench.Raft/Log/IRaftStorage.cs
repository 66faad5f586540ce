using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>
/// Stable storage of one Raft node (etcd's raft.Storage plus the write side the host uses).
/// The log is a contiguous run of entries [FirstIndex, LastIndex] preceded by a snapshot whose
/// index is FirstIndex-1 (its term is still answerable through <see cref="TryTerm"/>).
/// Read methods are called by the Raft core; write methods by the host while handling a Ready,
/// before it sends that Ready's messages. Not thread-safe: one driver thread owns a node.
/// </summary>
public interface IRaftStorage
{
    /// <summary>The persisted hard state and membership the core starts from.</summary>
    RaftInitialState InitialState();

    /// <summary>Entries in [lo, hi), at least one if any exist, stopping once their total size exceeds <paramref name="maxSize"/>. Throws <see cref="RaftLogCompactedException"/> when lo &lt; FirstIndex.</summary>
    IReadOnlyList<Entry> Entries(ulong lo, ulong hi, ulong maxSize);

    /// <summary>Term of entry <paramref name="index"/>, valid for FirstIndex-1 ≤ index ≤ LastIndex; false otherwise.</summary>
    bool TryTerm(ulong index, out ulong term);

    /// <summary>Index of the first retained entry (the snapshot index + 1).</summary>
    ulong FirstIndex { get; }
    /// <summary>Index of the last entry (the snapshot index when the log is empty).</summary>
    ulong LastIndex { get; }

    /// <summary>The latest snapshot (index FirstIndex-1).</summary>
    Snapshot Snapshot();

    /// <summary>Appends entries, replacing any existing entries at and after the first one's index.</summary>
    void Append(IReadOnlyList<Entry> entries);

    /// <summary>Records term, vote and commit (durable after <see cref="Sync"/>).</summary>
    void SetHardState(HardState hardState);

    /// <summary>Replaces the whole log with a received snapshot.</summary>
    void ApplySnapshot(Snapshot snapshot);

    /// <summary>Records a snapshot of the state machine at <paramref name="index"/> (≤ the applied index), made by the host.</summary>
    void CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data);

    /// <summary>Discards entries up to and including <paramref name="compactIndex"/> (which must be ≤ the snapshot index); FirstIndex becomes compactIndex+1.</summary>
    void Compact(ulong compactIndex);

    /// <summary>Makes everything written so far durable (one call per Ready).</summary>
    void Sync();
}
