using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Txn.Mvcc;

/// <summary>
/// The number and byte codecs TiKV's lock and write records use (<c>tikv_util::codec::number</c>):
/// var_u64 = LEB128; compact bytes = var_i64 (zig-zag) length then the bytes; u64 = 8 bytes big-endian.
/// </summary>
internal static class TikvCodec
{
    public static void WriteVarU64(List<byte> b, ulong v)
    {
        Span<byte> tmp = stackalloc byte[VarInt.MaxLength64];
        var n = VarInt.Write(tmp, v);
        for (var i = 0; i < n; i++) b.Add(tmp[i]);
    }

    public static void WriteU64(List<byte> b, ulong v)
    {
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(tmp, v);
        for (var i = 0; i < 8; i++) b.Add(tmp[i]);
    }

    public static void WriteCompactBytes(List<byte> b, ReadOnlySpan<byte> data)
    {
        // var_i64 zig-zag: non-negative n becomes 2n.
        WriteVarU64(b, (ulong)data.Length << 1);
        foreach (var x in data) b.Add(x);
    }

    public static ulong ReadVarU64(ReadOnlySpan<byte> src, ref int pos, string what)
    {
        var n = VarInt.TryRead(src[pos..], out var v);
        if (n == 0) throw new FormatException($"{what}: truncated varint at offset {pos}");
        pos += n;
        return v;
    }

    public static ulong ReadU64(ReadOnlySpan<byte> src, ref int pos, string what)
    {
        if (src.Length - pos < 8) throw new FormatException($"{what}: truncated u64 at offset {pos}");
        var v = BinaryPrimitives.ReadUInt64BigEndian(src[pos..]);
        pos += 8;
        return v;
    }

    public static byte[] ReadCompactBytes(ReadOnlySpan<byte> src, ref int pos, string what)
    {
        var zz = ReadVarU64(src, ref pos, what);
        if ((zz & 1) != 0) throw new FormatException($"{what}: negative byte-string length at offset {pos}");
        var len = zz >> 1;
        if (len > (ulong)(src.Length - pos)) throw new FormatException($"{what}: byte string of {len} bytes overruns the record at offset {pos}");
        var r = src.Slice(pos, (int)len).ToArray();
        pos += (int)len;
        return r;
    }

    public static byte ReadByte(ReadOnlySpan<byte> src, ref int pos, string what)
    {
        if (pos >= src.Length) throw new FormatException($"{what}: truncated at offset {pos}");
        return src[pos++];
    }
}
