using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Compression;

namespace Workbench.Storage.Lsm.Tests.Compression;

/// <summary>The compressed payload format (varint raw length | raw crc | codec block) and its checked decoder.</summary>
public class BlockCodecTests
{
    public static TheoryData<CompressionType> Codecs => new() { CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd };

    /// <summary>Compressible bytes: short random runs repeated (as db_bench's CompressibleString).</summary>
    internal static byte[] Compressible(int length, int seed)
    {
        var rng = new Random(seed);
        var run = new byte[Math.Max(1, Math.Min(length, 37))];
        rng.NextBytes(run);
        var b = new byte[length];
        for (var i = 0; i < length; i++) b[i] = (i % 211 == 0) ? (byte)rng.Next(256) : run[i % run.Length];
        return b;
    }

    private static byte[] Compress(CompressionType type, byte[] raw, int level = -1)
    {
        using var c = new BlockCompressor(type, level < 0 ? BlockCompressor.DefaultLevel(type) : level);
        var stored = c.TryCompress(raw);
        Assert.False(stored.IsEmpty, $"{type} did not compress {raw.Length} compressible bytes");
        return stored.ToArray();
    }

    private static byte[] Decompress(CompressionType type, byte[] stored)
    {
        var raw = new byte[BlockDecompressor.RawLength(stored, "f", 7)];
        BlockDecompressor.Decompress(type, stored, raw, "f", 7);
        return raw;
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_codec_round_trips_sizes_from_tiny_to_large_and_keeps_only_what_saves_an_eighth(CompressionType type)
    {
        foreach (var n in new[] { 256, 1000, 4096, 4097, 65536, 1 << 20 })
        {
            var raw = Compressible(n, n);
            Assert.Equal(raw, Decompress(type, Compress(type, raw)));
        }
        using var c = new BlockCompressor(type, BlockCompressor.DefaultLevel(type));
        var random = new byte[4096];
        new Random(1).NextBytes(random);
        Assert.True(c.TryCompress(random).IsEmpty, "random bytes must be stored raw (they cannot save 1/8)");
        Assert.True(c.TryCompress([]).IsEmpty);
        // the compressor's scratch is reused: a second block after the failed one still round-trips
        var again = Compressible(4096, 99);
        Assert.Equal(again, Decompress(type, c.TryCompress(again).ToArray()));
    }

    [Theory]
    [InlineData(CompressionType.Lz4, 9)]
    [InlineData(CompressionType.Zstd, 1)]
    [InlineData(CompressionType.Zstd, 19)]
    public void Codec_levels_other_than_the_default_round_trip(CompressionType type, int level)
    {
        var raw = Compressible(10000, level);
        Assert.Equal(raw, Decompress(type, Compress(type, raw, level)));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_truncation_of_a_payload_is_corruption(CompressionType type)
    {
        var stored = Compress(type, Compressible(4096, 3));
        for (var cut = 0; cut < stored.Length; cut++)
        {
            var truncated = stored.AsSpan(0, cut).ToArray();
            var e = Assert.Throws<CorruptionException>(() =>
            {
                var raw = new byte[Math.Max(0, SafeRawLength(truncated))];
                BlockDecompressor.Decompress(type, truncated, raw, "f", 7);
            });
            Assert.Equal("f", e.File);
            Assert.Equal(7, e.Offset);
        }
    }

    /// <summary>The stated raw length when readable (Decompress re-checks it), else 0 so Decompress reports the bad header.</summary>
    private static int SafeRawLength(byte[] stored)
    {
        try
        {
            return BlockDecompressor.RawLength(stored, "f", 7);
        }
        catch (CorruptionException)
        {
            return 0;
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Garbage_the_codec_accepts_is_caught_by_the_raw_checksum(CompressionType type)
    {
        // Two different inputs of one length: the codec block of the second, under the header (length + crc) of the first.
        var x = Compressible(4096, 10);
        var y = Compressible(4096, 11);
        var sx = Compress(type, x);
        var sy = Compress(type, y);
        var header = VarInt.Size(4096) + CompressedFormat.RawCrcSize;
        var spliced = sx.AsSpan(0, header).ToArray().Concat(sy.AsSpan(header).ToArray()).ToArray();
        // The codec alone accepts it and produces 4096 wrong bytes...
        var plain = new byte[4096];
        var decoded = type switch
        {
            CompressionType.Lz4 => K4os.Compression.LZ4.LZ4Codec.Decode(spliced.AsSpan(header), plain),
            CompressionType.Snappy => Snappier.Snappy.Decompress(spliced.AsSpan(header), plain),
            _ => new ZstdNet.Decompressor().Unwrap(spliced.AsSpan(header), plain.AsSpan()),
        };
        Assert.Equal(4096, decoded);
        Assert.Equal(y, plain);
        // ...the payload's own checksum refuses it.
        var e = Assert.Throws<CorruptionException>(() => Decompress(type, spliced));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_lz4_stream_of_random_literals_decodes_but_never_passes()
    {
        // LZ4 accepts a block that is one literal run: token 0xF0 + length bytes + literals. Built by hand for 300 bytes.
        var literals = new byte[300];
        new Random(4).NextBytes(literals);
        var block = new List<byte> { 0xF0 };
        var rest = literals.Length - 15;
        while (rest >= 255) { block.Add(255); rest -= 255; }
        block.Add((byte)rest);
        block.AddRange(literals);
        var plain = new byte[300];
        Assert.Equal(300, K4os.Compression.LZ4.LZ4Codec.Decode(block.ToArray(), plain));
        var stored = new byte[VarInt.Size(300) + 4 + block.Count];
        var p = VarInt.Write(stored, 300);
        BinaryPrimitives.WriteUInt32LittleEndian(stored.AsSpan(p), Crc32C.Mask(12345)); // not the literals' crc
        block.ToArray().CopyTo(stored, p + 4);
        Assert.Throws<CorruptionException>(() => Decompress(CompressionType.Lz4, stored));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_flipped_byte_anywhere_in_a_payload_is_corruption_or_the_exact_original_never_other_bytes(CompressionType type)
    {
        var raw = Compressible(4096, 21);
        var stored = Compress(type, raw);
        var rng = new Random(8);
        for (var i = 0; i < stored.Length; i++)
        {
            var damaged = (byte[])stored.Clone();
            damaged[i] ^= (byte)(1 << rng.Next(8));
            try
            {
                var back = new byte[BlockDecompressor.RawLength(damaged, "f", 7)];
                BlockDecompressor.Decompress(type, damaged, back, "f", 7);
                Assert.Equal(raw, back); // only a flip in a byte the codec ignores may pass, and then the output is exact
            }
            catch (CorruptionException)
            {
            }
        }
    }

    [Fact]
    public void A_stated_length_beyond_any_block_or_of_zero_is_corruption_without_allocating_it()
    {
        var huge = new byte[16];
        var n = VarInt.Write(huge, 1UL << 40);
        Assert.True(n < 12);
        Assert.Throws<CorruptionException>(() => BlockDecompressor.RawLength(huge, "f", 1));
        var zero = new byte[8];
        Assert.Throws<CorruptionException>(() => BlockDecompressor.RawLength(zero, "f", 1));
        Assert.Throws<CorruptionException>(() => BlockDecompressor.RawLength([0x80, 0x80], "f", 1)); // unterminated varint
    }

    [Fact]
    public void Codec_names_parse_in_short_tikv_and_rocksdb_spellings()
    {
        foreach (var (text, type) in new[] { ("none", CompressionType.None), ("no", CompressionType.None), ("kNoCompression", CompressionType.None),
                     ("SNAPPY", CompressionType.Snappy), ("kSnappyCompression", CompressionType.Snappy), ("lz4", CompressionType.Lz4),
                     ("kLZ4Compression", CompressionType.Lz4), ("zstd", CompressionType.Zstd), ("kZSTD", CompressionType.Zstd) })
        {
            Assert.True(CompressionNames.TryParse(text, out var t), text);
            Assert.Equal(type, t);
        }
        Assert.False(CompressionNames.TryParse("gzip", out _));
        Assert.False(CompressionNames.IsKnown(2)); // zlib: a code this engine never writes
    }
}
