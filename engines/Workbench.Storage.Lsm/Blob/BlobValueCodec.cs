using System.Buffers;
using System.IO.Compression;
using Workbench.Storage.Batch;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Compression;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Compresses and decompresses one blob record's value. A Brotli value is stored as
/// <c>varint raw_length | brotli stream</c>; an LZ4 or Zstd value as the table blocks' compressed
/// payload (<see cref="CompressedFormat"/>: <c>varint raw_length | crc32c of the raw value | codec
/// block</c>). A value is kept compressed only when that saves at least 1/8 of it (RocksDB's "good
/// compression ratio" rule), otherwise it is stored raw with compression 0. Stateless and
/// thread-safe apart from the caller's <see cref="BlockCompressor"/>; no managed allocation per call.
/// </summary>
internal static class BlobValueCodec
{
    /// <summary>Values shorter than this are never worth a codec call.</summary>
    public const int MinCompressibleLength = 64;

    /// <summary>Bytes a compressed encoding of a <paramref name="valueLength"/>-byte value may need at most (when kept).</summary>
    public static int MaxStoredLength(int valueLength) => valueLength + VarInt.MaxLength64;

    /// <summary>The table-block codec that stores <paramref name="codec"/>'s values, or None for Brotli/none.</summary>
    public static CompressionType BlockCodecOf(BlobCompression codec) => codec switch
    {
        BlobCompression.Lz4 => CompressionType.Lz4,
        BlobCompression.Zstd => CompressionType.Zstd,
        _ => CompressionType.None,
    };

    /// <summary>
    /// Tries to compress <paramref name="value"/> into <paramref name="dest"/> (at least
    /// <see cref="MaxStoredLength"/> bytes). Returns the stored length, or -1 when the value should
    /// be stored raw (too short, or compression saves less than 1/8). LZ4 and Zstd need
    /// <paramref name="compressor"/> (of that codec, owned by the calling thread).
    /// </summary>
    public static int TryCompress(ReadOnlySpan<byte> value, Span<byte> dest, BlobCompression codec, int level, BlockCompressor? compressor = null)
    {
        if (codec == BlobCompression.None || value.Length < MinCompressibleLength) return -1;
        if (codec != BlobCompression.Brotli)
        {
            if (compressor is null || compressor.Type != BlockCodecOf(codec)) throw new ArgumentException($"{codec} needs a compressor of that codec", nameof(compressor));
            var stored = compressor.TryCompress(value);
            if (stored.IsEmpty) return -1;
            stored.CopyTo(dest);
            return stored.Length;
        }
        var header = VarInt.Write(dest, (ulong)value.Length);
        var budget = value.Length - value.Length / 8 - header;
        if (budget <= 0) return -1;
        if (!BrotliEncoder.TryCompress(value, dest.Slice(header, budget), out var written, level, 22)) return -1;
        return header + written;
    }

    /// <summary>Appends the value a record stores (raw or compressed) to <paramref name="output"/>; a bad stream is corruption.</summary>
    public static void Decode(ReadOnlySpan<byte> stored, BlobCompression codec, IBufferWriter<byte> output, string file, long offset)
    {
        switch (codec)
        {
            case BlobCompression.None:
                output.Write(stored);
                return;
            case BlobCompression.Lz4 or BlobCompression.Zstd:
            {
                var raw = BlockDecompressor.RawLength(stored, file, offset);
                if (raw > WriteBatch.MaxValueSize) throw new CorruptionException(file, offset, $"compressed blob value states {raw} bytes, more than a value may hold");
                var span = output.GetSpan(raw)[..raw];
                BlockDecompressor.Decompress(BlockCodecOf(codec), stored, span, file, offset);
                output.Advance(raw);
                return;
            }
            case BlobCompression.Brotli:
                break;
            default:
                throw new CorruptionException(file, offset, $"blob record uses unknown compression {(byte)codec}");
        }
        var n = VarInt.TryRead(stored, out var rawLength);
        if (n == 0 || rawLength > WriteBatch.MaxValueSize)
            throw new CorruptionException(file, offset, "compressed blob value has a malformed length");
        var dest = output.GetSpan((int)rawLength)[..(int)rawLength];
        if (!BrotliDecoder.TryDecompress(stored[n..], dest, out var written) || written != (int)rawLength)
            throw new CorruptionException(file, offset, $"compressed blob value does not decompress to its stated {rawLength} bytes");
        output.Advance(written);
    }
}
