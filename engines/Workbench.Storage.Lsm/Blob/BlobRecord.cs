using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Encoding and checked decoding of one blob record: <c>crc32c (4) | size (4) | compression (1)</c>,
/// then varint key length, key, varint stored-value length, stored value (the value itself, or
/// <see cref="BlobValueCodec"/>'s encoding when compression is not 0). The key copy (never
/// compressed) lets GC ask the LSM whether the record is still live, and lets GC copy a compressed
/// value without decoding it. Stateless.
/// </summary>
internal static class BlobRecord
{
    public static int EncodedLength(int keyLength, int valueLength) =>
        BlobFileFormat.RecordHeaderSize + VarInt.Size((ulong)keyLength) + keyLength + VarInt.Size((ulong)valueLength) + valueLength;

    /// <summary>Writes the record into <paramref name="dest"/> (exactly <see cref="EncodedLength"/> bytes); <paramref name="value"/> is the stored value.</summary>
    public static int Encode(Span<byte> dest, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, BlobCompression compression = BlobCompression.None)
    {
        var p = BlobFileFormat.RecordHeaderSize;
        p += VarInt.Write(dest[p..], (ulong)key.Length);
        key.CopyTo(dest[p..]);
        p += key.Length;
        p += VarInt.Write(dest[p..], (ulong)value.Length);
        value.CopyTo(dest[p..]);
        p += value.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(dest[4..], (uint)(p - BlobFileFormat.RecordHeaderSize));
        dest[8] = (byte)compression;
        BinaryPrimitives.WriteUInt32LittleEndian(dest, Crc32C.Mask(Crc32C.Compute(dest[4..p])));
        return p;
    }

    /// <summary>
    /// Verifies and splits a whole record (header included). Throws <see cref="CorruptionException"/>
    /// with the file and offset on any mismatch: wrong data is never returned.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> record, string file, long offset, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out BlobCompression compression)
    {
        if (record.Length < BlobFileFormat.RecordHeaderSize)
            throw new CorruptionException(file, offset, $"blob record truncated: {record.Length} bytes, header needs {BlobFileFormat.RecordHeaderSize}");
        var size = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
        if (size != record.Length - BlobFileFormat.RecordHeaderSize)
            throw new CorruptionException(file, offset, $"blob record size field says {size} bytes, expected {record.Length - BlobFileFormat.RecordHeaderSize}");
        var stored = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(record));
        if (stored != Crc32C.Compute(record[4..]))
            throw new CorruptionException(file, offset, "blob record checksum mismatch");
        if (record[8] is not ((byte)BlobCompression.None or (byte)BlobCompression.Brotli or (byte)BlobCompression.Lz4 or (byte)BlobCompression.Zstd))
            throw new CorruptionException(file, offset, $"blob record uses unknown compression {record[8]}");
        compression = (BlobCompression)record[8];
        var body = record[BlobFileFormat.RecordHeaderSize..];
        var n = VarInt.TryRead(body, out var keyLength);
        if (n == 0 || keyLength > (ulong)(body.Length - n)) throw new CorruptionException(file, offset, "blob record key length is malformed");
        key = body.Slice(n, (int)keyLength);
        body = body[(n + (int)keyLength)..];
        n = VarInt.TryRead(body, out var valueLength);
        if (n == 0 || valueLength != (ulong)(body.Length - n)) throw new CorruptionException(file, offset, "blob record value length is malformed");
        value = body[n..];
    }

    /// <summary>Total record length from its header (for sequential scans), or -1 when the header is short.</summary>
    public static long LengthFromHeader(ReadOnlySpan<byte> header) =>
        header.Length < BlobFileFormat.RecordHeaderSize ? -1 : BlobFileFormat.RecordHeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
}
