using System.Buffers.Binary;
using K4os.Compression.LZ4;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Checked decompression of <see cref="CompressedFormat"/> payloads. Every failure — a malformed
/// length, a codec error, an output of the wrong length, a raw checksum mismatch, an unknown type —
/// is a <see cref="CorruptionException"/> naming the file and offset; the output is never returned
/// unverified. Thread-safe: the zstd context is per thread (<see cref="ThreadStaticAttribute"/>).
/// </summary>
internal static class BlockDecompressor
{
    [ThreadStatic] private static ZstdNet.Decompressor? t_zstd;

    /// <summary>The raw length a payload states (checked against <see cref="CompressedFormat.MaxRawLength"/>).</summary>
    public static int RawLength(ReadOnlySpan<byte> stored, string file, long offset)
    {
        var n = VarInt.TryRead(stored, out var raw);
        if (n == 0 || raw == 0 || raw > CompressedFormat.MaxRawLength || stored.Length < n + CompressedFormat.RawCrcSize)
            throw new CorruptionException(file, offset, "compressed payload has a malformed raw length");
        return (int)raw;
    }

    /// <summary>Decompresses <paramref name="stored"/> into exactly <paramref name="dest"/> (its length = <see cref="RawLength"/>) and verifies it.</summary>
    public static void Decompress(CompressionType type, ReadOnlySpan<byte> stored, Span<byte> dest, string file, long offset)
    {
        var raw = RawLength(stored, file, offset);
        if (dest.Length != raw) throw new ArgumentException($"destination holds {dest.Length} bytes, payload states {raw}", nameof(dest));
        var header = VarInt.Size((ulong)raw);
        var expectedCrc = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(stored[header..]));
        var payload = stored[(header + CompressedFormat.RawCrcSize)..];
        int written;
        try
        {
            written = type switch
            {
                CompressionType.Lz4 => LZ4Codec.Decode(payload, dest),
                CompressionType.Snappy => Snappier.Snappy.GetUncompressedLength(payload) == raw ? Snappier.Snappy.Decompress(payload, dest) : -1,
                CompressionType.Zstd => (t_zstd ??= new ZstdNet.Decompressor()).Unwrap(payload, dest, bufferSizePrecheck: true),
                _ => throw new CorruptionException(file, offset, $"unknown compression type {(byte)type}"),
            };
        }
        catch (Exception e) when (e is ZstdNet.ZstdException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new CorruptionException(file, offset, $"{CompressionNames.Name(type)} payload does not decompress: {e.Message}");
        }
        if (written != raw)
            throw new CorruptionException(file, offset, $"{CompressionNames.Name(type)} payload decompresses to {written} bytes, states {raw}");
        if (Crc32C.Compute(dest) != expectedCrc)
            throw new CorruptionException(file, offset, $"{CompressionNames.Name(type)} payload decompresses to bytes whose checksum does not match");
    }
}
