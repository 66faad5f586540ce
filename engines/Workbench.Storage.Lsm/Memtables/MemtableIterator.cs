using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// Iterates a memtable's skip list; safe against concurrent writers (links are published complete).
/// The position is a node reference (0 = invalid), so stepping allocates nothing.
/// </summary>
internal sealed class MemtableIterator : IInternalIterator
{
    private readonly SkipList _list;
    private long _node;

    public MemtableIterator(SkipList list) => _list = list;

    public bool Valid => _node != 0;
    public void SeekToFirst() => _node = _list.First;
    public void Seek(ReadOnlySpan<byte> internalKey) => _node = _list.FindGreaterOrEqual(internalKey);
    public void SeekToLast() => _node = _list.FindLast();
    public void Next() => _node = _list.Next(Current());

    // The skip list has no back links (LevelDB's design): Prev searches for the last node before the current key.
    public void Prev() => _node = _list.FindLessThan(Key);
    public ReadOnlySpan<byte> Key => _list.Node(Current()).Key;
    public ReadOnlySpan<byte> Value => _list.Node(Current()).Value;
    public void Dispose() { }

    private long Current() => _node != 0 ? _node : throw new InvalidOperationException("the memtable iterator is not positioned on an entry");
}
