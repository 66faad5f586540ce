using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// Leaf cell codec: <c>flags u8 | key length varint | value length varint | key | value</c>, or for a
/// value kept in overflow pages (flags bit 0) <c>… | key | first overflow page u64</c>. Stateless.
/// </summary>
internal static class LeafCell
{
    public const byte FlagOverflow = 1;

    public static int InlineSize(int keyLength, int valueLength) =>
        1 + VarInt.Size((ulong)keyLength) + VarInt.Size((ulong)valueLength) + keyLength + valueLength;

    public static int OverflowSize(int keyLength, int valueLength) =>
        1 + VarInt.Size((ulong)keyLength) + VarInt.Size((ulong)valueLength) + keyLength + 8;

    public static int WriteInline(Span<byte> dest, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var p = 0;
        dest[p++] = 0;
        p += VarInt.Write(dest[p..], (ulong)key.Length);
        p += VarInt.Write(dest[p..], (ulong)value.Length);
        key.CopyTo(dest[p..]);
        p += key.Length;
        value.CopyTo(dest[p..]);
        return p + value.Length;
    }

    public static int WriteOverflow(Span<byte> dest, ReadOnlySpan<byte> key, int valueLength, long firstPage)
    {
        var p = 0;
        dest[p++] = FlagOverflow;
        p += VarInt.Write(dest[p..], (ulong)key.Length);
        p += VarInt.Write(dest[p..], (ulong)valueLength);
        key.CopyTo(dest[p..]);
        p += key.Length;
        BinaryPrimitives.WriteInt64LittleEndian(dest[p..], firstPage);
        return p + 8;
    }

    public static LeafEntry Read(ReadOnlySpan<byte> page, int offset)
    {
        var s = page[offset..];
        var flags = s[0];
        var p = 1;
        p += VarInt.TryRead(s[p..], out var keyLen);
        p += VarInt.TryRead(s[p..], out var valLen);
        var key = s.Slice(p, (int)keyLen);
        p += (int)keyLen;
        if ((flags & FlagOverflow) != 0)
            return new LeafEntry(key, true, (int)valLen, default, BinaryPrimitives.ReadInt64LittleEndian(s[p..]), p + 8);
        return new LeafEntry(key, false, (int)valLen, s.Slice(p, (int)valLen), 0, p + (int)valLen);
    }

    public static ReadOnlySpan<byte> KeyAt(ReadOnlySpan<byte> page, int offset)
    {
        var s = page[offset..];
        var p = 1;
        p += VarInt.TryRead(s[p..], out var keyLen);
        p += VarInt.TryRead(s[p..], out _);
        return s.Slice(p, (int)keyLen);
    }

    public static int SizeAt(ReadOnlySpan<byte> page, int offset) => Read(page, offset).CellSize;
}
