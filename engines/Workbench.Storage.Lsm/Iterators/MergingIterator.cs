namespace Workbench.Storage.Lsm;

/// <summary>
/// Merges child iterators into one stream in internal-key order. Children are few (memtables, L0
/// files, one iterator per deeper level), so the smallest is found by a linear scan rather than a
/// heap. Equal internal keys cannot occur across children (sequences are unique). One thread.
/// </summary>
internal sealed class MergingIterator : IInternalIterator
{
    private readonly IInternalIterator[] _children;
    private IInternalIterator? _current;

    public MergingIterator(IInternalIterator[] children) => _children = children;

    public bool Valid => _current is not null;
    public ReadOnlySpan<byte> Key => _current!.Key;
    public ReadOnlySpan<byte> Value => _current!.Value;

    public void SeekToFirst()
    {
        foreach (var c in _children) c.SeekToFirst();
        FindSmallest();
    }

    public void Seek(ReadOnlySpan<byte> internalKey)
    {
        foreach (var c in _children) c.Seek(internalKey);
        FindSmallest();
    }

    public void Next()
    {
        _current!.Next();
        FindSmallest();
    }

    private void FindSmallest()
    {
        IInternalIterator? smallest = null;
        foreach (var c in _children)
        {
            if (!c.Valid) continue;
            if (smallest is null || InternalKey.Compare(c.Key, smallest.Key) < 0) smallest = c;
        }
        _current = smallest;
    }

    public void Dispose()
    {
        foreach (var c in _children) c.Dispose();
    }
}
