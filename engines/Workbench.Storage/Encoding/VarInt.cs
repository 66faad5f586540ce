namespace Workbench.Storage.Encoding;

/// <summary>LEB128 unsigned varints, as LevelDB/RocksDB/protobuf encode them. Stateless and thread-safe.</summary>
public static class VarInt
{
    /// <summary>Longest encoding of a 64-bit value (ceil(64 / 7) bytes).</summary>
    public const int MaxLength64 = 10;

    /// <summary>Bytes <see cref="Write"/> will take for <paramref name="value"/> (1 to 10).</summary>
    public static int Size(ulong value)
    {
        var n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="dest"/>; returns bytes written.</summary>
    public static int Write(Span<byte> dest, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            dest[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dest[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint; returns bytes consumed, or 0 when the input is truncated or overlong.</summary>
    public static int TryRead(ReadOnlySpan<byte> src, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < src.Length && i < MaxLength64; i++)
        {
            var b = src[i];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return i + 1;
            shift += 7;
        }
        value = 0;
        return 0;
    }
}
