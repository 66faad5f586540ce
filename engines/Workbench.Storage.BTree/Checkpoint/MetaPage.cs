using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree.Checkpoint;

/// <summary>
/// The meta page: the root of a checkpoint. Two copies live in pages 0 and 1; checkpoint n is
/// written to page n % 2, so the previous checkpoint's meta stays intact while the new one is
/// written (LMDB's double-buffered meta). Opening picks the valid copy with the highest
/// checkpoint id. Layout in FORMAT.md; the CRC covers [4, 4 + 4 + length).
/// </summary>
internal sealed record MetaPage(
    long CheckpointId,
    int PageSize,
    long Epoch,
    long WalNumber,
    long WalSequence,
    long PageCount,
    long FreeListHead,
    long FreeCount,
    IReadOnlyList<TreeMeta> Trees,
    int FormatVersion = MetaPage.Version)
{
    public const ulong Magic = 0x3145455254424257UL; // "WBBTREE1" little-endian
    /// <summary>
    /// Format version written: 2 = the log list (<c>btree.logs</c>) names the newest log. Version 1
    /// files (no log list) are still read: their first open writes the list from the directory.
    /// </summary>
    public const int Version = 2;

    /// <summary>A meta page's contents fit in the first 4 KiB of its page, so it can be read before the page size is known.</summary>
    public const int MaxBytes = 4096;

    public byte[] Encode(int pageSize)
    {
        var buf = new byte[pageSize];
        var s = buf.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], Magic);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(s[20..], PageSize);
        BinaryPrimitives.WriteInt64LittleEndian(s[24..], CheckpointId);
        BinaryPrimitives.WriteInt64LittleEndian(s[32..], Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(s[40..], WalNumber);
        BinaryPrimitives.WriteInt64LittleEndian(s[48..], WalSequence);
        BinaryPrimitives.WriteInt64LittleEndian(s[56..], PageCount);
        BinaryPrimitives.WriteInt64LittleEndian(s[64..], FreeListHead);
        BinaryPrimitives.WriteInt64LittleEndian(s[72..], FreeCount);
        BinaryPrimitives.WriteInt32LittleEndian(s[80..], Trees.Count);
        var p = 84;
        foreach (var t in Trees)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(t.Name);
            if (p + 2 + name.Length + 52 > MaxBytes)
                throw new EngineConfigException($"too many column families for one meta page ({MaxBytes} bytes)");
            BinaryPrimitives.WriteUInt16LittleEndian(s[p..], (ushort)name.Length);
            p += 2;
            name.CopyTo(s[p..]);
            p += name.Length;
            BinaryPrimitives.WriteInt64LittleEndian(s[p..], t.Root);
            BinaryPrimitives.WriteInt32LittleEndian(s[(p + 8)..], t.Height);
            BinaryPrimitives.WriteInt64LittleEndian(s[(p + 12)..], t.Entries);
            BinaryPrimitives.WriteInt64LittleEndian(s[(p + 20)..], t.LiveBytes);
            BinaryPrimitives.WriteInt64LittleEndian(s[(p + 28)..], t.LeafPages);
            BinaryPrimitives.WriteInt64LittleEndian(s[(p + 36)..], t.BranchPages);
            BinaryPrimitives.WriteInt64LittleEndian(s[(p + 44)..], t.OverflowPages);
            p += 52;
        }
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], p - 8);
        BinaryPrimitives.WriteUInt32LittleEndian(s, Crc32C.Mask(Crc32C.Compute(s[4..p])));
        return buf;
    }

    /// <summary>Decodes a meta page image; null when it is not a valid meta page (torn, zero, damaged).</summary>
    public static MetaPage? TryDecode(ReadOnlySpan<byte> s)
    {
        if (s.Length < 84) return null;
        var len = BinaryPrimitives.ReadInt32LittleEndian(s[4..]);
        if (len < 76 || 8 + len > s.Length) return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(s) != Crc32C.Mask(Crc32C.Compute(s[4..(8 + len)]))) return null;
        if (BinaryPrimitives.ReadUInt64LittleEndian(s[8..]) != Magic || BinaryPrimitives.ReadInt32LittleEndian(s[16..]) is not (1 or Version)) return null;
        var count = BinaryPrimitives.ReadInt32LittleEndian(s[80..]);
        var trees = new List<TreeMeta>(count);
        var p = 84;
        for (var i = 0; i < count; i++)
        {
            var nameLen = BinaryPrimitives.ReadUInt16LittleEndian(s[p..]);
            p += 2;
            var name = System.Text.Encoding.UTF8.GetString(s.Slice(p, nameLen));
            p += nameLen;
            trees.Add(new TreeMeta(name,
                BinaryPrimitives.ReadInt64LittleEndian(s[p..]),
                BinaryPrimitives.ReadInt32LittleEndian(s[(p + 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[(p + 12)..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[(p + 20)..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[(p + 28)..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[(p + 36)..]),
                BinaryPrimitives.ReadInt64LittleEndian(s[(p + 44)..])));
            p += 52;
        }
        return new MetaPage(
            BinaryPrimitives.ReadInt64LittleEndian(s[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[72..]),
            trees,
            BinaryPrimitives.ReadInt32LittleEndian(s[16..]));
    }
}
