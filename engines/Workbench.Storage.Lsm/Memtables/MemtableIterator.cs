using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Memtables;

/// <summary>Iterates a memtable's skip list; safe against concurrent writers (links are published complete).</summary>
internal sealed class MemtableIterator : IInternalIterator
{
    private readonly SkipList _list;
    private SkipListNode? _node;

    public MemtableIterator(SkipList list) => _list = list;

    public bool Valid => _node is not null;
    public void SeekToFirst() => _node = _list.First;
    public void Seek(ReadOnlySpan<byte> internalKey) => _node = _list.FindGreaterOrEqual(internalKey);
    public void SeekToLast() => _node = _list.FindLast();
    public void Next() => _node = Volatile.Read(ref _node!.Next[0]);

    // The skip list has no back links (LevelDB's design): Prev searches for the last node before the current key.
    public void Prev() => _node = _list.FindLessThan(_node!.Key);
    public ReadOnlySpan<byte> Key => _node!.Key;
    public ReadOnlySpan<byte> Value => _node!.Value;
    public void Dispose() { }
}
