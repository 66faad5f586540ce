namespace Workbench.Storage.BTree.Pages;

/// <summary>A decoded leaf cell; spans point into the page. <see cref="InlineValue"/> is empty for overflow values.</summary>
internal readonly ref struct LeafEntry
{
    public LeafEntry(ReadOnlySpan<byte> key, bool isOverflow, int valueLength, ReadOnlySpan<byte> inlineValue, long overflowPage, int cellSize)
    {
        Key = key;
        IsOverflow = isOverflow;
        ValueLength = valueLength;
        InlineValue = inlineValue;
        OverflowPage = overflowPage;
        CellSize = cellSize;
    }

    public ReadOnlySpan<byte> Key { get; }
    public bool IsOverflow { get; }
    public int ValueLength { get; }
    public ReadOnlySpan<byte> InlineValue { get; }
    public long OverflowPage { get; }
    public int CellSize { get; }
}
