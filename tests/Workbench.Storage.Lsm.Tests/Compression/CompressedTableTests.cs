using System.Buffers;
using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests.Compression;

/// <summary>Tables whose data and index blocks are compressed: round trips per codec, the cache, and damage.</summary>
public class CompressedTableTests
{
    public static TheoryData<CompressionType> AllCodecs => new() { CompressionType.None, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd };
    public static TheoryData<CompressionType> Codecs => new() { CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd };

    private const string Path = "/t/000001.sst";

    internal static (MemoryFileSystem Fs, List<(byte[] Key, byte[] Value)> Entries, long Size) Build(CompressionType type, int n = 3000, int blockSize = 4096)
    {
        var entries = new List<(byte[], byte[])>();
        for (var i = 0; i < n; i++)
        {
            var key = InternalKey.Make(System.Text.Encoding.ASCII.GetBytes($"key{i:D8}"), 1_000_000 - i, ValueKind.Value);
            // 50 random values in every 500 (whole blocks of them stay raw), the rest compressible
            var value = i % 500 < 50 ? RandomBytes(200, i) : BlockCodecTests.Compressible(200, i);
            entries.Add((key, value));
        }
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/t");
        using var builder = new TableBuilder(fs.CreateFile(Path, WriteCategory.Flush), blockSize, 10, "default", compression: type);
        foreach (var (k, v) in entries) builder.Add(k, v);
        var size = builder.Finish();
        return (fs, entries, size);
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static TableReader Open(MemoryFileSystem fs, long size, LsmStatistics? stats = null, LruBlockCache? cache = null) =>
        new(fs.OpenRead(Path), Path, 1, size, cache ?? new LruBlockCache(8 << 20), stats ?? new LsmStatistics());

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void A_table_of_every_codec_reads_back_every_entry_by_scan_seek_and_point_lookup(CompressionType type)
    {
        var (fs, entries, size) = Build(type);
        var stats = new LsmStatistics();
        using var table = Open(fs, size, stats);
        Assert.Equal(CompressionNames.Name(type), table.Properties.All[TableProperties.CompressionName]);
        using (var it = table.NewIterator(fillCache: true))
        {
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++)
            {
                Assert.True(it.Key.SequenceEqual(entries[i].Key), $"key {i}");
                Assert.True(it.Value.SequenceEqual(entries[i].Value), $"value {i}");
            }
            Assert.Equal(entries.Count, i);
        }
        using (var it = table.NewIterator(fillCache: false, compaction: true)) // read-ahead path of compaction inputs
        {
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++) Assert.True(it.Value.SequenceEqual(entries[i].Value));
            Assert.Equal(entries.Count, i);
        }
        var rng = new Random(2);
        for (var t = 0; t < 500; t++)
        {
            var j = rng.Next(entries.Count);
            var buf = new ArrayBufferWriter<byte>();
            Assert.True(table.TryGet(entries[j].Key, BloomFilter.Hash(InternalKey.UserKey(entries[j].Key)), buf, out var kind, true));
            Assert.Equal(ValueKind.Value, kind);
            Assert.True(buf.WrittenSpan.SequenceEqual(entries[j].Value));
        }
        var compressedBlocks = table.Properties.GetLong(TableProperties.NumCompressedBlocks);
        var dataBlocks = table.Properties.GetLong(TableProperties.NumDataBlocks);
        if (type == CompressionType.None)
        {
            Assert.Equal(0, compressedBlocks);
            Assert.Equal(0, stats.Get(LsmStatistics.Ticker.BlocksDecompressed));
            return;
        }
        // Most blocks compress; the ones full of random values stay raw (type 0) in the same table.
        Assert.InRange(compressedBlocks, dataBlocks / 2, dataBlocks - 1); // < all: blocks of random values stay raw
        Assert.True(table.Properties.GetLong(TableProperties.DataSize) < table.Properties.GetLong(TableProperties.RawDataSize) * 0.8,
            $"data {table.Properties.GetLong(TableProperties.DataSize)} of raw {table.Properties.GetLong(TableProperties.RawDataSize)}");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void The_block_cache_holds_uncompressed_blocks_so_a_cached_block_is_decompressed_once(CompressionType type)
    {
        var (fs, _, size) = Build(type);
        var stats = new LsmStatistics();
        var cache = new LruBlockCache(64 << 20);
        using var table = Open(fs, size, stats, cache);
        var handles = table.DataBlockHandles();
        Span<byte> hb = stackalloc byte[BlockHandle.MaxEncodedLength];
        var afterOpen = stats.Get(LsmStatistics.Ticker.BlocksDecompressed); // the index block
        var compressed = 0;
        foreach (var h in handles)
        {
            var first = table.ReadDataBlock(hb[..h.Encode(hb)], fillCache: true);
            var again = table.ReadDataBlock(hb[..h.Encode(hb)], fillCache: true);
            Assert.Same(first, again);
            // the cached block's array is the uncompressed contents (restart array at its end), not the stored bytes
            Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(first.Data.AsSpan(first.Length - 4)), first.NumRestarts);
            if (first.Length != h.Size) compressed++;
            first.Release();
            again.Release();
        }
        Assert.Equal(compressed, stats.Get(LsmStatistics.Ticker.BlocksDecompressed) - afterOpen);
        Assert.True(compressed > 0);
    }

    /// <summary>Rewrites block <paramref name="h"/>'s stored bytes with <paramref name="damage"/> applied and, when asked, a freshly computed (valid) trailer crc.</summary>
    private static void Damage(MemoryFileSystem fs, BlockHandle h, Action<byte[]> damage, bool fixCrc)
    {
        using var f = fs.OpenWritable(Path, WriteCategory.Other);
        var block = new byte[h.Size + TableFormat.BlockTrailerSize];
        f.ReadAt(h.Offset, block);
        var contents = block.AsSpan(0, (int)h.Size).ToArray();
        damage(contents);
        contents.CopyTo(block, 0);
        if (fixCrc)
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan((int)h.Size + 1), Crc32C.Mask(Crc32C.Compute(block.AsSpan(0, (int)h.Size + 1))));
        f.WriteAt(h.Offset, block);
    }

    /// <summary>Reads every entry of the table; returns false when a read raised CorruptionException. Wrong data fails the test.</summary>
    private static bool ReadsBackOrRefuses(MemoryFileSystem fs, long size, List<(byte[] Key, byte[] Value)> entries)
    {
        try
        {
            using var table = Open(fs, size);
            using var it = table.NewIterator(fillCache: false);
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++)
            {
                Assert.True(it.Key.SequenceEqual(entries[i].Key), $"entry {i}: wrong key returned instead of a corruption error");
                Assert.True(it.Value.SequenceEqual(entries[i].Value), $"entry {i}: wrong value returned instead of a corruption error");
            }
            Assert.Equal(entries.Count, i);
            return true;
        }
        catch (CorruptionException e)
        {
            Assert.Equal(Path, e.File);
            return false;
        }
    }

    private static List<BlockHandle> CompressedDataBlocks(MemoryFileSystem fs, long size)
    {
        using var table = Open(fs, size);
        var result = new List<BlockHandle>();
        using var f = fs.OpenRead(Path);
        foreach (var h in table.DataBlockHandles())
        {
            var type = new byte[1];
            f.ReadAt(h.Offset + h.Size, type);
            if (type[0] != 0) result.Add(h);
        }
        Assert.NotEmpty(result);
        return result;
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_flipped_byte_in_a_compressed_block_is_corruption(CompressionType type)
    {
        var (fs, entries, size) = Build(type, n: 600);
        var blocks = CompressedDataBlocks(fs, size);
        var rng = new Random(12);
        foreach (var h in blocks)
        {
            var (copy, _, _) = Build(type, n: 600);
            var at = rng.Next((int)h.Size);
            Damage(copy, h, b => b[at] ^= 0x20, fixCrc: false);
            Assert.False(ReadsBackOrRefuses(copy, size, entries), $"flip at {h.Offset}+{at} went unnoticed");
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_damaged_compressed_block_with_a_valid_trailer_checksum_is_corruption_or_exact_never_garbage(CompressionType type)
    {
        // A writer bug or a crafted file: the trailer crc matches, so only the codec and the raw crc stand guard.
        var (fs0, entries, size) = Build(type, n: 600);
        var h = CompressedDataBlocks(fs0, size)[1];
        var rng = new Random(13);
        var refused = 0;
        for (var t = 0; t < 60; t++)
        {
            var (fs, _, _) = Build(type, n: 600);
            var at = t < 8 ? t : rng.Next((int)h.Size); // the header (raw length, raw crc) first, then anywhere
            var bit = 1 << rng.Next(8);
            Damage(fs, h, b => b[at] ^= (byte)bit, fixCrc: true);
            if (!ReadsBackOrRefuses(fs, size, entries)) refused++;
        }
        Assert.True(refused >= 55, $"only {refused} of 60 damaged blocks were refused");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_truncated_compressed_block_zero_padded_with_a_valid_checksum_is_corruption(CompressionType type)
    {
        var (fs0, entries, size) = Build(type, n: 600);
        var h = CompressedDataBlocks(fs0, size)[0];
        foreach (var keep in new[] { 0, 1, 3, 6, (int)h.Size / 2, (int)h.Size - 1 })
        {
            var (fs, _, _) = Build(type, n: 600);
            var changed = false;
            Damage(fs, h, b =>
            {
                changed = b.AsSpan(keep).ContainsAnyExcept((byte)0);
                Array.Clear(b, keep, b.Length - keep);
            }, fixCrc: true);
            if (!changed) continue; // the cut-off tail was zeros already: nothing was damaged
            Assert.False(ReadsBackOrRefuses(fs, size, entries), $"block cut to {keep} of {h.Size} bytes was read");
        }
    }

    [Fact]
    public void A_block_type_this_engine_does_not_know_is_corruption_even_with_a_valid_checksum()
    {
        var (fs, entries, size) = Build(CompressionType.Lz4, n: 600);
        var h = CompressedDataBlocks(fs, size)[0];
        using (var f = fs.OpenWritable(Path, WriteCategory.Other))
        {
            var block = new byte[h.Size + TableFormat.BlockTrailerSize];
            f.ReadAt(h.Offset, block);
            block[h.Size] = 2; // zlib in RocksDB's numbering
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan((int)h.Size + 1), Crc32C.Mask(Crc32C.Compute(block.AsSpan(0, (int)h.Size + 1))));
            f.WriteAt(h.Offset, block);
        }
        using var table = Open(fs, size);
        var hb = new byte[BlockHandle.MaxEncodedLength];
        var encoded = hb.AsSpan(0, h.Encode(hb)).ToArray();
        var e = Assert.Throws<CorruptionException>(() => table.ReadDataBlock(encoded, fillCache: false));
        Assert.Contains("unknown compression type 2", e.Message, StringComparison.Ordinal);
        Assert.False(ReadsBackOrRefuses(fs, size, entries));
    }
}
