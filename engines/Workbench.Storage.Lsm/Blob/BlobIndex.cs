using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// What the LSM stores instead of a separated value: <c>type (1) | file_number | offset | size</c>
/// (varints), Titan's BlobIndex. <see cref="Offset"/> is where the record starts in the blob file and
/// <see cref="Size"/> the record's full length (header included), so garbage is counted in file bytes.
/// </summary>
internal readonly record struct BlobIndex(long FileNumber, long Offset, long Size)
{
    public const byte TypeBlobRecord = 1;
    public const int MaxEncodedLength = 1 + 3 * VarInt.MaxLength64;

    public int Encode(Span<byte> dest)
    {
        dest[0] = TypeBlobRecord;
        var n = 1;
        n += VarInt.Write(dest[n..], (ulong)FileNumber);
        n += VarInt.Write(dest[n..], (ulong)Offset);
        n += VarInt.Write(dest[n..], (ulong)Size);
        return n;
    }

    public byte[] ToArray()
    {
        Span<byte> buf = stackalloc byte[MaxEncodedLength];
        return buf[..Encode(buf)].ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> src, out BlobIndex index)
    {
        index = default;
        if (src.Length < 4 || src[0] != TypeBlobRecord) return false;
        var p = 1;
        var n = VarInt.TryRead(src[p..], out var file);
        if (n == 0) return false;
        p += n;
        n = VarInt.TryRead(src[p..], out var offset);
        if (n == 0) return false;
        p += n;
        n = VarInt.TryRead(src[p..], out var size);
        if (n == 0 || p + n != src.Length || file > long.MaxValue || offset > long.MaxValue || size > int.MaxValue) return false;
        index = new BlobIndex((long)file, (long)offset, (long)size);
        return true;
    }

    /// <summary>Decodes or throws a <see cref="CorruptionException"/> naming where the index came from.</summary>
    public static BlobIndex Decode(ReadOnlySpan<byte> src, string where) =>
        TryDecode(src, out var index) ? index : throw new CorruptionException(where, -1, $"malformed blob index ({src.Length} bytes)");
}
