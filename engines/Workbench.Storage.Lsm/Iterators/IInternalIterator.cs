using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Iterators;

/// <summary>
/// An iterator over internal keys in <see cref="InternalKey.Compare"/> order (memtables, tables,
/// levels, merges). Key and Value spans stay valid until the next positioning call. One thread.
/// </summary>
internal interface IInternalIterator : IDisposable
{
    bool Valid { get; }
    void SeekToFirst();

    /// <summary>Positions at the first entry with internal key &gt;= <paramref name="internalKey"/>.</summary>
    void Seek(ReadOnlySpan<byte> internalKey);

    /// <summary>Positions at the last entry.</summary>
    void SeekToLast();

    void Next();

    /// <summary>Moves to the previous entry (invalid before the first); requires <see cref="Valid"/>.</summary>
    void Prev();
    ReadOnlySpan<byte> Key { get; }
    ReadOnlySpan<byte> Value { get; }
}
