using System.Buffers.Binary;

namespace Workbench.Storage.Lsm.Format;

/// <summary>
/// Internal keys: <c>user key | trailer (8 bytes, little-endian) = sequence &lt;&lt; 8 | kind</c>, as LevelDB.
/// Order: user key ascending (bytewise), then trailer descending, so the newest version of a user
/// key comes first. Stateless and thread-safe.
/// </summary>
internal static class InternalKey
{
    public const int TrailerSize = 8;
    public const long MaxSequence = (1L << 56) - 1;

    public static ulong PackTrailer(long sequence, ValueKind kind) => ((ulong)sequence << 8) | (byte)kind;

    public static byte[] Make(ReadOnlySpan<byte> userKey, long sequence, ValueKind kind)
    {
        var k = new byte[userKey.Length + TrailerSize];
        Write(k, userKey, sequence, kind);
        return k;
    }

    public static int Write(Span<byte> dest, ReadOnlySpan<byte> userKey, long sequence, ValueKind kind)
    {
        userKey.CopyTo(dest);
        BinaryPrimitives.WriteUInt64LittleEndian(dest[userKey.Length..], PackTrailer(sequence, kind));
        return userKey.Length + TrailerSize;
    }

    /// <summary>
    /// The kind a seek key carries: the highest kind value, so a seek at sequence s lands before every
    /// entry with sequence s (LevelDB's kValueTypeForSeek). Every place that builds a seek key must
    /// use it (a lower kind skips a BlobIndex entry at exactly the read sequence).
    /// </summary>
    public const ValueKind SeekKind = ValueKind.BlobIndex;

    /// <summary>The key that seeks to the newest version of <paramref name="userKey"/> visible at <paramref name="sequence"/>.</summary>
    public static byte[] ForSeek(ReadOnlySpan<byte> userKey, long sequence) => Make(userKey, sequence, SeekKind);

    public static ReadOnlySpan<byte> UserKey(ReadOnlySpan<byte> internalKey) => internalKey[..^TrailerSize];

    public static ulong Trailer(ReadOnlySpan<byte> internalKey) => BinaryPrimitives.ReadUInt64LittleEndian(internalKey[^TrailerSize..]);

    public static long Sequence(ReadOnlySpan<byte> internalKey) => (long)(Trailer(internalKey) >> 8);

    public static ValueKind Kind(ReadOnlySpan<byte> internalKey) => (ValueKind)(byte)Trailer(internalKey);

    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var c = a[..^TrailerSize].SequenceCompareTo(b[..^TrailerSize]);
        if (c != 0) return c;
        var ta = Trailer(a);
        var tb = Trailer(b);
        return ta > tb ? -1 : ta < tb ? 1 : 0;
    }
}
