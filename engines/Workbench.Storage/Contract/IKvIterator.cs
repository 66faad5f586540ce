using Workbench.Storage.Errors;

namespace Workbench.Storage.Contract;

/// <summary>
/// Bidirectional iterator over one column family in bytewise key order, honouring the bounds of
/// its <see cref="ReadOptions"/> (lower inclusive, upper exclusive) in both directions, and seeing
/// one point-in-time view (its snapshot, explicit or implicit) whichever way it moves. Belongs to
/// one thread. <see cref="Key"/> and <see cref="Value"/> are valid only until the next positioning
/// call. Directions may be mixed freely: <see cref="Prev"/> after <see cref="Next"/> returns to the
/// entry before, as in RocksDB. Corruption met while iterating throws
/// <see cref="CorruptionException"/>; the iterator then becomes invalid.
/// </summary>
public interface IKvIterator : IDisposable
{
    /// <summary>Whether the iterator is positioned at an entry; false before the first positioning call and after moving past either end or bound.</summary>
    bool Valid { get; }

    /// <summary>Positions at the first key (&gt;= the lower bound).</summary>
    void SeekToFirst();

    /// <summary>Positions at the last key (&lt; the upper bound).</summary>
    void SeekToLast();

    /// <summary>Positions at the first key &gt;= <paramref name="key"/> (and &gt;= the lower bound).</summary>
    void Seek(ReadOnlySpan<byte> key);

    /// <summary>Positions at the last key &lt;= <paramref name="key"/> (and &lt; the upper bound; invalid below the lower bound).</summary>
    void SeekForPrev(ReadOnlySpan<byte> key);

    /// <summary>Moves to the next key; requires <see cref="Valid"/>.</summary>
    void Next();

    /// <summary>Moves to the previous key; requires <see cref="Valid"/>. Invalid once past the first key or the lower bound.</summary>
    void Prev();

    /// <summary>The current key; requires <see cref="Valid"/>, valid until the next positioning call.</summary>
    ReadOnlySpan<byte> Key { get; }
    /// <summary>The current value; requires <see cref="Valid"/>, valid until the next positioning call.</summary>
    ReadOnlySpan<byte> Value { get; }

    /// <summary>
    /// The bytes the current value occupies in storage, without reading it where the engine can
    /// tell (a value separated into a blob file: its record's size, header included); requires
    /// <see cref="Valid"/>. For size estimates over many entries (the raftstore's split checker),
    /// which must not turn into one blob read per entry. Default: the value's length.
    /// </summary>
    int ApproximateValueSize => Value.Length;
}
