namespace Workbench.Storage;

/// <summary>
/// Forward iterator over one column family in bytewise key order, honouring the bounds of its
/// <see cref="ReadOptions"/>. Belongs to one thread. <see cref="Key"/> and <see cref="Value"/> are
/// valid only until the next positioning call. Corruption met while iterating throws
/// <see cref="CorruptionException"/>; the iterator then becomes invalid.
/// </summary>
public interface IKvIterator : IDisposable
{
    bool Valid { get; }
    void SeekToFirst();

    /// <summary>Positions at the first key &gt;= <paramref name="key"/> (and &gt;= the lower bound).</summary>
    void Seek(ReadOnlySpan<byte> key);

    void Next();
    ReadOnlySpan<byte> Key { get; }
    ReadOnlySpan<byte> Value { get; }
}
