using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// Branch cell codec: <c>key length varint | child page u64 | key</c>. The child holds keys &gt;= key
/// (and &lt; the next cell's key); keys below the first cell's key live under the page's link
/// (leftmost child). Stateless.
/// </summary>
internal static class BranchCell
{
    public static int Size(int keyLength) => VarInt.Size((ulong)keyLength) + 8 + keyLength;

    public static int Write(Span<byte> dest, ReadOnlySpan<byte> key, long child)
    {
        var p = VarInt.Write(dest, (ulong)key.Length);
        BinaryPrimitives.WriteInt64LittleEndian(dest[p..], child);
        p += 8;
        key.CopyTo(dest[p..]);
        return p + key.Length;
    }

    public static ReadOnlySpan<byte> KeyAt(ReadOnlySpan<byte> page, int offset)
    {
        var s = page[offset..];
        var p = VarInt.TryRead(s, out var keyLen);
        return s.Slice(p + 8, (int)keyLen);
    }

    public static long ChildAt(ReadOnlySpan<byte> page, int offset)
    {
        var s = page[offset..];
        var p = VarInt.TryRead(s, out _);
        return BinaryPrimitives.ReadInt64LittleEndian(s[p..]);
    }

    public static void SetChildAt(Span<byte> page, int offset, long child)
    {
        var s = page[offset..];
        var p = VarInt.TryRead(s, out _);
        BinaryPrimitives.WriteInt64LittleEndian(s[p..], child);
    }

    public static int SizeAt(ReadOnlySpan<byte> page, int offset)
    {
        var p = VarInt.TryRead(page[offset..], out var keyLen);
        return p + 8 + (int)keyLen;
    }
}
