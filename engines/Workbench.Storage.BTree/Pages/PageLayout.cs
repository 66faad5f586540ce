using System.Buffers.Binary;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// The common 40-byte header of every tree, overflow and free-list page (FORMAT.md):
/// <c>crc u32 | type u8 | reserved u8 | count u16 | page id u64 | epoch u64 | link u64 | cellStart u16 | fragmented u16 | reserved u32</c>.
/// Overflow pages reuse bytes 32..36 as the u32 data length. Stateless.
/// </summary>
internal static class PageLayout
{
    public const int HeaderSize = 40;
    public const int OffCrc = 0;
    public const int OffType = 4;
    public const int OffCount = 6;
    public const int OffPageId = 8;
    public const int OffEpoch = 16;
    public const int OffLink = 24;
    public const int OffCellStart = 32;
    public const int OffFragmented = 34;
    public const int OffDataLength = 32;

    public static PageType GetPageType(ReadOnlySpan<byte> page) => (PageType)page[OffType];
    public static long GetPageId(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadInt64LittleEndian(page[OffPageId..]);
    public static void SetPageId(Span<byte> page, long id) => BinaryPrimitives.WriteInt64LittleEndian(page[OffPageId..], id);
    public static long GetEpoch(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadInt64LittleEndian(page[OffEpoch..]);
    public static void SetEpoch(Span<byte> page, long epoch) => BinaryPrimitives.WriteInt64LittleEndian(page[OffEpoch..], epoch);

    /// <summary>Leftmost child of a branch page; next page of an overflow or free-list chain (0 = none).</summary>
    public static long GetLink(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadInt64LittleEndian(page[OffLink..]);
    public static void SetLink(Span<byte> page, long link) => BinaryPrimitives.WriteInt64LittleEndian(page[OffLink..], link);

    /// <summary>Clears the page and writes a fresh header: no cells, cell area starting at the end of the page.</summary>
    public static void Init(Span<byte> page, PageType type, long id, long epoch)
    {
        page.Clear();
        page[OffType] = (byte)type;
        SetPageId(page, id);
        SetEpoch(page, epoch);
        BinaryPrimitives.WriteUInt16LittleEndian(page[OffCellStart..], checked((ushort)page.Length));
    }
}
