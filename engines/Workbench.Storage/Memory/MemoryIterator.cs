using Workbench.Storage.Contract;

namespace Workbench.Storage.Memory;

/// <summary>Iterator of the memory engine over one immutable map, clipped to [lower, upper). One thread.</summary>
internal sealed class MemoryIterator : IKvIterator
{
    private readonly PersistentSortedMapCursor _cursor;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly MemoryEngine _engine;
    private bool _disposed;

    public MemoryIterator(MemoryEngine engine, PersistentSortedMap map, byte[]? lower, byte[]? upper)
    {
        _engine = engine;
        _cursor = new PersistentSortedMapCursor(map);
        _lower = lower;
        _upper = upper;
    }

    public bool Valid
    {
        get
        {
            CheckUsable();
            return _cursor.Valid
                && (_upper is null || _cursor.Key.AsSpan().SequenceCompareTo(_upper) < 0)
                && (_lower is null || _cursor.Key.AsSpan().SequenceCompareTo(_lower) >= 0);
        }
    }

    public ReadOnlySpan<byte> Key => Valid ? _cursor.Key : throw new InvalidOperationException("iterator is not positioned on an entry");
    public ReadOnlySpan<byte> Value => Valid ? _cursor.Value : throw new InvalidOperationException("iterator is not positioned on an entry");

    public void SeekToFirst()
    {
        CheckUsable();
        if (_lower is null) _cursor.SeekToFirst();
        else _cursor.Seek(_lower);
    }

    public void Seek(ReadOnlySpan<byte> key)
    {
        CheckUsable();
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) _cursor.Seek(_lower);
        else _cursor.Seek(key);
    }

    public void SeekToLast()
    {
        CheckUsable();
        if (_upper is null) _cursor.SeekToLast();
        else _cursor.SeekForPrev(_upper, inclusive: false);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        CheckUsable();
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0) _cursor.SeekForPrev(_upper, inclusive: false);
        else _cursor.SeekForPrev(key);
    }

    public void Prev()
    {
        if (!Valid) throw new InvalidOperationException("Prev on an iterator that is not positioned on an entry");
        _cursor.Prev();
    }

    public void Next()
    {
        if (!Valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        _cursor.Next();
    }

    public void Dispose() => _disposed = true;

    private void CheckUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _engine.ThrowIfDisposed();
    }
}
