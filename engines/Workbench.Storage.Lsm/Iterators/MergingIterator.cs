using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Iterators;

/// <summary>
/// Merges child iterators into one stream in internal-key order. Children are few (memtables, L0
/// files, one iterator per deeper level), so the smallest is found by a linear scan rather than a
/// heap. Equal internal keys cannot occur across children (sequences are unique). Moving in both
/// directions follows LevelDB: on a change of direction every other child is re-sought around the
/// current key so that all children sit on the same side of it. One thread.
/// </summary>
internal sealed class MergingIterator : IInternalIterator
{
    private readonly IInternalIterator[] _children;
    private IInternalIterator? _current;
    private bool _reverse;

    public MergingIterator(IInternalIterator[] children) => _children = children;

    public bool Valid => _current is not null;
    public ReadOnlySpan<byte> Key => _current!.Key;
    public ReadOnlySpan<byte> Value => _current!.Value;

    public void SeekToFirst()
    {
        foreach (var c in _children) c.SeekToFirst();
        _reverse = false;
        FindSmallest();
    }

    public void SeekToLast()
    {
        foreach (var c in _children) c.SeekToLast();
        _reverse = true;
        FindLargest();
    }

    public void Seek(ReadOnlySpan<byte> internalKey)
    {
        foreach (var c in _children) c.Seek(internalKey);
        _reverse = false;
        FindSmallest();
    }

    public void Next()
    {
        if (_reverse)
        {
            // Other children sit before the current key: move each to its first entry after it.
            var key = _current!.Key;
            foreach (var c in _children)
            {
                if (ReferenceEquals(c, _current)) continue;
                c.Seek(key);
                if (c.Valid && InternalKey.Compare(c.Key, key) == 0) c.Next();
            }
            _reverse = false;
        }
        _current!.Next();
        FindSmallest();
    }

    public void Prev()
    {
        if (!_reverse)
        {
            // Other children sit after the current key: move each to its last entry before it.
            var key = _current!.Key;
            foreach (var c in _children)
            {
                if (ReferenceEquals(c, _current)) continue;
                c.Seek(key);
                if (c.Valid) c.Prev();
                else c.SeekToLast();
            }
            _reverse = true;
        }
        _current!.Prev();
        FindLargest();
    }

    private void FindLargest()
    {
        IInternalIterator? largest = null;
        foreach (var c in _children)
        {
            if (!c.Valid) continue;
            if (largest is null || InternalKey.Compare(c.Key, largest.Key) > 0) largest = c;
        }
        _current = largest;
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
