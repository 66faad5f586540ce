using System.Buffers.Binary;

namespace Workbench.Txn.Mvcc;

/// <summary>
/// TiKV's memcomparable byte encoding (<c>codec::bytes::encode_bytes</c>): the input in groups of 8
/// bytes, the last group padded with 0x00, each group followed by a marker <c>0xFF - pad</c>. Encoded
/// strings compare bytewise exactly as the raw strings do, and no encoding is a prefix of another,
/// so a timestamp can follow it. Stateless, thread-safe.
/// </summary>
public static class MemComparable
{
    private const int GroupSize = 8;
    private const byte Marker = 0xFF;

    /// <summary>Bytes the encoding of <paramref name="rawLength"/> raw bytes takes (9 per started group of 8).</summary>
    public static int EncodedLength(int rawLength) => (rawLength / GroupSize + 1) * (GroupSize + 1);

    /// <summary>Writes the encoding of <paramref name="raw"/> at the start of <paramref name="dest"/>; returns bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> raw, Span<byte> dest)
    {
        var o = 0;
        var i = 0;
        while (true)
        {
            var remain = raw.Length - i;
            if (remain >= GroupSize)
            {
                raw.Slice(i, GroupSize).CopyTo(dest.Slice(o));
                dest[o + GroupSize] = Marker;
                i += GroupSize;
                o += GroupSize + 1;
                continue;
            }
            raw.Slice(i, remain).CopyTo(dest.Slice(o));
            var pad = GroupSize - remain;
            dest.Slice(o + remain, pad).Clear();
            dest[o + GroupSize] = (byte)(Marker - pad);
            return o + GroupSize + 1;
        }
    }

    /// <summary>The encoding of <paramref name="raw"/> as a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> raw)
    {
        var b = new byte[EncodedLength(raw.Length)];
        Encode(raw, b);
        return b;
    }

    /// <summary>Decodes one encoded string from the start of <paramref name="src"/>; false when it is malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> src, out byte[] raw, out int consumed)
    {
        var output = new List<byte>(src.Length);
        var o = 0;
        while (true)
        {
            if (src.Length - o < GroupSize + 1) { raw = []; consumed = 0; return false; }
            var marker = src[o + GroupSize];
            var pad = Marker - marker;
            if (pad < 0 || pad > GroupSize) { raw = []; consumed = 0; return false; }
            var real = GroupSize - pad;
            for (var k = 0; k < real; k++) output.Add(src[o + k]);
            for (var k = real; k < GroupSize; k++)
                if (src[o + k] != 0) { raw = []; consumed = 0; return false; }
            o += GroupSize + 1;
            if (pad != 0)
            {
                raw = output.ToArray();
                consumed = o;
                return true;
            }
        }
    }

    /// <summary>Decodes an encoded string that fills all of <paramref name="src"/>; <see cref="FormatException"/> when malformed or followed by other bytes.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> src)
    {
        if (!TryDecode(src, out var raw, out var consumed) || consumed != src.Length)
            throw new FormatException("not a memcomparable-encoded key");
        return raw;
    }

    /// <summary>Writes <paramref name="ts"/> descending (<c>!ts</c>, 8 bytes big-endian) so newer versions sort first.</summary>
    public static void WriteDescendingU64(Span<byte> dest, ulong ts) => BinaryPrimitives.WriteUInt64BigEndian(dest, ~ts);

    /// <summary>Reads a timestamp written by WriteDescendingU64 (bitwise not of the big-endian value).</summary>
    public static ulong ReadDescendingU64(ReadOnlySpan<byte> src) => ~BinaryPrimitives.ReadUInt64BigEndian(src);
}
