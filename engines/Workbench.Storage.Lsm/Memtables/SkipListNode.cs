namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// A handle on one skip-list entry in its arena chunk (<see cref="SkipList"/> has the layout): the
/// chunk and the offset of the node's level-0 link. A struct, so a lookup or an iteration step
/// allocates nothing. Valid while the memtable is referenced; the entry's bytes never change once
/// the node is linked.
/// </summary>
internal readonly struct SkipListNode
{
    private readonly byte[] _chunk;
    private readonly int _offset;

    public SkipListNode(byte[] chunk, int offset)
    {
        _chunk = chunk;
        _offset = offset;
    }

    /// <summary>The internal key (user key + 8-byte trailer).</summary>
    public ReadOnlySpan<byte> Key => SkipList.KeyAt(_chunk, _offset);

    public ReadOnlySpan<byte> Value => SkipList.ValueAt(_chunk, _offset);
}
