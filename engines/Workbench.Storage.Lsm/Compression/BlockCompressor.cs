using System.Buffers.Binary;
using K4os.Compression.LZ4;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Compresses payloads into <see cref="CompressedFormat"/> with one codec, into a scratch buffer it
/// owns and reuses (no allocation per block once grown). Owned by one table builder or blob file
/// writer: one thread. Holds a native zstd context when the codec is zstd; dispose it.
/// </summary>
internal sealed class BlockCompressor : IDisposable
{
    private readonly int _level;
    private byte[] _scratch = [];
    private ZstdNet.CompressionOptions? _zstdOptions;
    private ZstdNet.Compressor? _zstd;

    /// <param name="type">The codec; None leaves every block uncompressed.</param>
    /// <param name="level">codec level: zstd 1–22 (RocksDB's default 3), lz4 0 = fast (LZ4's default,
    /// as RocksDB) or 3–12 = HC; ignored by snappy.</param>
    public BlockCompressor(CompressionType type, int level)
    {
        if (!CompressionNames.IsKnown((byte)type)) throw new ArgumentOutOfRangeException(nameof(type), type, "unknown codec");
        Type = type;
        _level = level;
    }

    public CompressionType Type { get; }

    /// <summary>Default level of <paramref name="type"/>: zstd 3 (ZSTD_CLEVEL_DEFAULT, RocksDB's), else 0.</summary>
    public static int DefaultLevel(CompressionType type) => type == CompressionType.Zstd ? 3 : 0;

    /// <summary>
    /// Compresses <paramref name="raw"/>; returns the stored payload (valid until the next call), or an
    /// empty span when it does not save at least 1/8 (the caller then stores the bytes raw, type 0).
    /// </summary>
    public ReadOnlySpan<byte> TryCompress(ReadOnlySpan<byte> raw)
    {
        if (Type == CompressionType.None || raw.Length == 0 || raw.Length > CompressedFormat.MaxRawLength) return default;
        var header = VarInt.Size((ulong)raw.Length) + CompressedFormat.RawCrcSize;
        var need = header + MaxCodecLength(raw.Length);
        if (_scratch.Length < need) _scratch = new byte[Math.Max(need, _scratch.Length * 2)];
        var dest = _scratch.AsSpan(header, need - header);
        int written;
        switch (Type)
        {
            case CompressionType.Lz4:
                written = LZ4Codec.Encode(raw, dest, _level >= 3 ? (LZ4Level)Math.Min(_level, 12) : LZ4Level.L00_FAST);
                break;
            case CompressionType.Snappy:
                written = Snappier.Snappy.Compress(raw, dest);
                break;
            case CompressionType.Zstd:
                _zstdOptions ??= new ZstdNet.CompressionOptions(_level);
                _zstd ??= new ZstdNet.Compressor(_zstdOptions);
                written = _zstd.Wrap(raw, dest);
                break;
            default:
                return default;
        }
        if (written <= 0 || !CompressedFormat.WorthKeeping(raw.Length, header + written)) return default;
        var p = VarInt.Write(_scratch, (ulong)raw.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(p), Crc32C.Mask(Crc32C.Compute(raw)));
        return _scratch.AsSpan(0, header + written);
    }

    private int MaxCodecLength(int rawLength) => Type switch
    {
        CompressionType.Lz4 => LZ4Codec.MaximumOutputSize(rawLength),
        CompressionType.Snappy => Snappier.Snappy.GetMaxCompressedLength(rawLength),
        // ZSTD_COMPRESSBOUND: srcSize + srcSize/256 + margin for small inputs.
        CompressionType.Zstd => rawLength + (rawLength >> 8) + (rawLength < 128 << 10 ? ((128 << 10) - rawLength) >> 11 : 0) + 64,
        _ => rawLength,
    };

    public void Dispose()
    {
        _zstd?.Dispose();
        _zstdOptions?.Dispose();
        _zstd = null;
        _zstdOptions = null;
    }
}
