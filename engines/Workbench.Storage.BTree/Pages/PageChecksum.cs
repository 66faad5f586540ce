using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// Page checksums: masked CRC-32C over bytes [4, pageSize) stored in bytes [0, 4). The page id is
/// inside the covered range, so a page written to the wrong offset fails the id check even though
/// its CRC is fine. Stateless.
/// </summary>
internal static class PageChecksum
{
    public static void Seal(Span<byte> page) =>
        BinaryPrimitives.WriteUInt32LittleEndian(page, Crc32C.Mask(Crc32C.Compute(page[4..])));

    public static bool IsValid(ReadOnlySpan<byte> page) =>
        BinaryPrimitives.ReadUInt32LittleEndian(page) == Crc32C.Mask(Crc32C.Compute(page[4..]));
}
