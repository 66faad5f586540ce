namespace Workbench.Storage.Lsm.Memtables;

/// <summary>
/// A skip-list node: the internal key followed by the value, stored at an offset in an
/// arena chunk, and the forward links. Links are published with volatile writes after the node is
/// fully built, so readers that see a link see a complete node.
/// </summary>
internal sealed class SkipListNode
{
    private readonly byte[] _data;
    private readonly int _offset;
    private readonly int _keyLength;
    private readonly int _valueLength;

    public SkipListNode(byte[] data, int offset, int keyLength, int valueLength, int height)
    {
        _data = data;
        _offset = offset;
        _keyLength = keyLength;
        _valueLength = valueLength;
        Next = new SkipListNode?[height];
    }

    public SkipListNode?[] Next { get; }

    public ReadOnlySpan<byte> Key => _data.AsSpan(_offset, _keyLength);
    public ReadOnlySpan<byte> Value => _data.AsSpan(_offset + _keyLength, _valueLength);
}
