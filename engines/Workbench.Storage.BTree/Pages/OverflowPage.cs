using System.Buffers.Binary;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// An overflow page carries one chunk of a large value: header (link = next page of the chain,
/// u32 data length at offset 32) then the chunk. Overflow pages are never modified after they are
/// written: a new value gets a new chain and the old one is freed. Stateless.
/// </summary>
internal static class OverflowPage
{
    public static int Capacity(int pageSize) => pageSize - PageLayout.HeaderSize;

    public static int GetDataLength(ReadOnlySpan<byte> page) => (int)BinaryPrimitives.ReadUInt32LittleEndian(page[PageLayout.OffDataLength..]);

    public static void SetData(Span<byte> page, ReadOnlySpan<byte> chunk)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(page[PageLayout.OffDataLength..], (uint)chunk.Length);
        chunk.CopyTo(page[PageLayout.HeaderSize..]);
    }

    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> page) => page.Slice(PageLayout.HeaderSize, GetDataLength(page));
}
