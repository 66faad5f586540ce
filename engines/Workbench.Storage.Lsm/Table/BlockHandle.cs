using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm.Table;

/// <summary>Where a block lives in a table file: offset and size (excluding the 5-byte trailer), both varints.</summary>
internal readonly record struct BlockHandle(long Offset, long Size)
{
    public const int MaxEncodedLength = 20;

    public int Encode(Span<byte> dest)
    {
        var n = VarInt.Write(dest, (ulong)Offset);
        return n + VarInt.Write(dest[n..], (ulong)Size);
    }

    public static bool TryDecode(ReadOnlySpan<byte> src, out BlockHandle handle, out int consumed)
    {
        handle = default;
        consumed = 0;
        var a = VarInt.TryRead(src, out var offset);
        if (a == 0) return false;
        var b = VarInt.TryRead(src[a..], out var size);
        if (b == 0 || offset > long.MaxValue / 2 || size > int.MaxValue) return false;
        handle = new BlockHandle((long)offset, (long)size);
        consumed = a + b;
        return true;
    }
}
