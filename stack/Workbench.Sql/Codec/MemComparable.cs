using System.Buffers.Binary;

namespace Workbench.Sql.Codec;

/// <summary>
/// TiDB's memcomparable encodings (util/codec): bytewise order of the encoding equals the value order.
/// Bytes: 8-byte groups, each padded with 0x00 and followed by the marker 0xFF - pad (a final group
/// is always written, so "" is 8 zero bytes and marker 0xF7). Ints: 8 bytes big-endian with the sign
/// bit flipped. Uints: 8 bytes big-endian. Floats: IEEE bits, sign bit flipped for positives,
/// every bit inverted for negatives.
/// </summary>
internal static class MemComparable
{
    private const int GroupSize = 8;
    private const byte Marker = 0xFF;
    private const ulong SignMask = 0x8000000000000000UL;

    public static int EncodedBytesLength(int length) => (length / GroupSize + 1) * (GroupSize + 1);

    public static void AppendBytes(List<byte> dst, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dst);
        for (int i = 0; i <= data.Length; i += GroupSize)
        {
            int remain = data.Length - i;
            int pad = remain >= GroupSize ? 0 : GroupSize - remain;
            int take = GroupSize - pad;
            for (int j = 0; j < take; j++) dst.Add(data[i + j]);
            for (int j = 0; j < pad; j++) dst.Add(0);
            dst.Add((byte)(Marker - pad));
        }
    }

    /// <summary>Decodes one encoded byte string at the start of <paramref name="src"/>; returns the bytes consumed.</summary>
    public static int ReadBytes(ReadOnlySpan<byte> src, List<byte> dst)
    {
        ArgumentNullException.ThrowIfNull(dst);
        int pos = 0;
        while (true)
        {
            if (src.Length - pos < GroupSize + 1) throw new FormatException("memcomparable bytes: truncated group");
            byte marker = src[pos + GroupSize];
            int pad = Marker - marker;
            if (pad > GroupSize) throw new FormatException($"memcomparable bytes: bad marker 0x{marker:X2}");
            int real = GroupSize - pad;
            for (int j = 0; j < real; j++) dst.Add(src[pos + j]);
            for (int j = real; j < GroupSize; j++)
                if (src[pos + j] != 0) throw new FormatException("memcomparable bytes: non-zero padding");
            pos += GroupSize + 1;
            if (pad != 0) return pos;
        }
    }

    public static void AppendInt(List<byte> dst, long v) => AppendUint(dst, (ulong)v ^ SignMask);

    public static void AppendUint(List<byte> dst, ulong v)
    {
        ArgumentNullException.ThrowIfNull(dst);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        foreach (var x in b) dst.Add(x);
    }

    public static long ReadInt(ReadOnlySpan<byte> src) => (long)(ReadUint(src) ^ SignMask);

    public static ulong ReadUint(ReadOnlySpan<byte> src)
    {
        if (src.Length < 8) throw new FormatException("memcomparable int: fewer than 8 bytes");
        return BinaryPrimitives.ReadUInt64BigEndian(src);
    }

    public static ulong FloatToCmp(double v)
    {
        ulong u = (ulong)BitConverter.DoubleToInt64Bits(v);
        return v >= 0 ? u | SignMask : ~u;
    }

    public static double CmpToFloat(ulong u)
    {
        u = (u & SignMask) != 0 ? u & ~SignMask : ~u;
        return BitConverter.Int64BitsToDouble((long)u);
    }
}
