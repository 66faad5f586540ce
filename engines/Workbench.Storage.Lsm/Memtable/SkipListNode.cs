namespace Workbench.Storage.Lsm;

/// <summary>
/// A skip-list node: one array holding the internal key followed by the value, and the forward
/// links. Links are published with volatile writes after the node is fully built, so readers that
/// see a link see a complete node.
/// </summary>
internal sealed class SkipListNode
{
    public SkipListNode(byte[] entry, int keyLength, int height)
    {
        Entry = entry;
        KeyLength = keyLength;
        Next = new SkipListNode?[height];
    }

    public byte[] Entry { get; }
    public int KeyLength { get; }
    public SkipListNode?[] Next { get; }

    public ReadOnlySpan<byte> Key => Entry.AsSpan(0, KeyLength);
    public ReadOnlySpan<byte> Value => Entry.AsSpan(KeyLength);
}
