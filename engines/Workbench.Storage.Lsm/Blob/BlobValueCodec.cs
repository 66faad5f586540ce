using System.Buffers;
using System.IO.Compression;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm;

/// <summary>
/// Compresses and decompresses one blob record's value. A compressed value is stored as
/// <c>varint raw_length | brotli stream</c>; it is kept only when it saves at least 1/8 of the
/// value (RocksDB's "good compression ratio" rule), otherwise the value is stored raw with
/// compression 0. Stateless, thread-safe, no managed allocation per call.
/// </summary>
internal static class BlobValueCodec
{
    /// <summary>Values shorter than this are never worth a codec call.</summary>
    public const int MinCompressibleLength = 64;

    /// <summary>Bytes a compressed encoding of a <paramref name="valueLength"/>-byte value may need at most (when kept).</summary>
    public static int MaxStoredLength(int valueLength) => valueLength + VarInt.MaxLength64;

    /// <summary>
    /// Tries to compress <paramref name="value"/> into <paramref name="dest"/> (at least
    /// <see cref="MaxStoredLength"/> bytes). Returns the stored length, or -1 when the value should
    /// be stored raw (too short, or compression saves less than 1/8).
    /// </summary>
    public static int TryCompress(ReadOnlySpan<byte> value, Span<byte> dest, BlobCompression codec, int level)
    {
        if (codec == BlobCompression.None || value.Length < MinCompressibleLength) return -1;
        var header = VarInt.Write(dest, (ulong)value.Length);
        var budget = value.Length - value.Length / 8 - header;
        if (budget <= 0) return -1;
        if (!BrotliEncoder.TryCompress(value, dest.Slice(header, budget), out var written, level, 22)) return -1;
        return header + written;
    }

    /// <summary>Appends the value a record stores (raw or compressed) to <paramref name="output"/>; a bad stream is corruption.</summary>
    public static void Decode(ReadOnlySpan<byte> stored, BlobCompression codec, IBufferWriter<byte> output, string file, long offset)
    {
        if (codec == BlobCompression.None)
        {
            output.Write(stored);
            return;
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
