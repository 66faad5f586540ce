using System.Buffers;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Tests.Compression;
using Workbench.Storage.Metrics;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>titan's blob_compression lz4 and zstd beside brotli: records, damage, and the engine through GC and reopen.</summary>
public class BlobCompressionTests
{
    public static TheoryData<BlobCompression> NewCodecs => new() { BlobCompression.Lz4, BlobCompression.Zstd };

    [Theory]
    [MemberData(nameof(NewCodecs))]
    public void Lz4_and_zstd_records_round_trip_raw_ones_stay_raw_and_gc_copies_them_as_stored(BlobCompression codec)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        var rng = new Random(5);
        var values = new List<byte[]>();
        var indexes = new List<BlobIndex>();
        using (var w = new BlobFileWriter(fs.CreateFile("/d/000001.blob", WriteCategory.Blob), 1, codec, 1))
        {
            for (var i = 0; i < 40; i++)
            {
                var v = i % 2 == 0 ? BlockCodecTests.Compressible(4000 + i, i) : new byte[4000 + i];
                if (i % 2 == 1) rng.NextBytes(v);
                values.Add(v);
                indexes.Add(w.Add(System.Text.Encoding.ASCII.GetBytes($"k{i:D3}"), v));
            }
            Assert.Equal(20, w.CompressedRecords);
            w.Finish();
        }
        for (var i = 0; i < 40; i++)
            if (i % 2 == 0) Assert.True(indexes[i].Size < values[i].Length / 2, $"record {i} is {indexes[i].Size} bytes: not compressed");
            else Assert.True(indexes[i].Size > values[i].Length, $"record {i}: random data should be stored raw");
        var reader = new BlobFileReader(fs.OpenRead("/d/000001.blob"), "000001.blob", 1);
        var copies = new List<BlobIndex>();
        using (var w = new BlobFileWriter(fs.CreateFile("/d/000002.blob", WriteCategory.BlobGc), 2))
        {
            var it = new BlobFileIterator(reader);
            while (it.Next())
            {
                Assert.Equal(it.StoredValue.Length < 4000 ? codec : BlobCompression.None, it.Compression);
                copies.Add(w.AddStored(it.Key, it.StoredValue, it.Compression));
            }
            w.Finish();
        }
        var copy = new BlobFileReader(fs.OpenRead("/d/000002.blob"), "000002.blob", 2);
        for (var i = 0; i < 40; i++)
        {
            var key = System.Text.Encoding.ASCII.GetBytes($"k{i:D3}");
            var buf = new ArrayBufferWriter<byte>();
            reader.Read(indexes[i], key, buf);
            Assert.Equal(values[i], buf.WrittenSpan.ToArray());
            buf = new ArrayBufferWriter<byte>();
            copy.Read(copies[i], key, buf);
            Assert.Equal(values[i], buf.WrittenSpan.ToArray());
        }
        reader.Unref();
        copy.Unref();
    }

    /// <summary>A record around <paramref name="stored"/> with a correct record crc, so only the codec and the raw crc can refuse it.</summary>
    private static CorruptionException ReadRecordWith(byte[] stored, BlobCompression codec)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using (var w = new BlobFileWriter(fs.CreateFile("/d/000003.blob", WriteCategory.Blob), 3))
        {
            w.AddStored("k"u8, stored, codec);
            w.Finish();
        }
        var reader = new BlobFileReader(fs.OpenRead("/d/000003.blob"), "000003.blob", 3);
        try
        {
            return Assert.Throws<CorruptionException>(() => reader.Read(new BlobIndex(3, BlobFileFormat.HeaderSize, BlobRecord.EncodedLength(1, stored.Length)), "k"u8, new ArrayBufferWriter<byte>()));
        }
        finally
        {
            reader.Unref();
        }
    }

    [Theory]
    [MemberData(nameof(NewCodecs))]
    public void A_damaged_or_truncated_or_spliced_compressed_value_with_a_valid_record_crc_is_corruption(BlobCompression codec)
    {
        var block = BlobValueCodec.BlockCodecOf(codec);
        using var c = new BlockCompressor(block, 1);
        var x = BlockCodecTests.Compressible(5000, 1);
        var sx = c.TryCompress(x).ToArray();
        var sy = c.TryCompress(BlockCodecTests.Compressible(5000, 2)).ToArray();
        var header = VarInt.Size(5000) + CompressedFormat.RawCrcSize;
        var spliced = sx.Take(header).Concat(sy.Skip(header)).ToArray(); // a valid stream of other bytes
        Assert.Contains("checksum", ReadRecordWith(spliced, codec).Message, StringComparison.Ordinal);
        ReadRecordWith(sx.Take(sx.Length - 3).ToArray(), codec);
        var flipped = (byte[])sx.Clone();
        flipped[header + 2] ^= 0x40;
        ReadRecordWith(flipped, codec);
        ReadRecordWith([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0], codec); // states more than a value may hold
    }

    [Fact]
    public void A_record_with_a_compression_code_titan_does_not_write_is_corruption()
    {
        Assert.Contains("unknown compression 2", ReadRecordWith([1, 2, 3], (BlobCompression)2).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_blob_compression_level_for_the_codec_is_one_clear_error()
    {
        var e = Assert.Throws<EngineConfigException>(() => TitanTestEngines.Open(new MemoryFileSystem(), "/db", overrides: new() { ["blob_compression"] = "brotli", ["blob_compression_level"] = "15" }));
        Assert.Contains("brotli", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<EngineConfigException>(() => TitanTestEngines.Open(new MemoryFileSystem(), "/db", overrides: new() { ["blob_compression"] = "zstd", ["blob_compression_level"] = "0" }));
        Assert.Contains("zstd", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>titan with lz4/zstd blob records and compressed SSTs through flush, compaction, GC and reopen.</summary>
public class TitanCompressionEngineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("lz4", "zstd")]
    [InlineData("zstd", "lz4")]
    public void Values_compressed_in_blob_files_and_tables_read_back_through_gc_and_reopen(string blobCodec, string tableCodec)
    {
        var seed = TestSeed.Fresh(output);
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        var options = new Dictionary<string, string>(TitanTestEngines.ManualGc()) { ["blob_compression"] = blobCodec, ["compression"] = tableCodec };
        var model = new Dictionary<int, byte[]>();
        var e = TitanTestEngines.Open(fs, "/db", overrides: options);
        try
        {
            var cf = e.DefaultColumnFamily();
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < 300; i++)
                {
                    var k = rng.Next(400);
                    var v = rng.Next(4) == 0 ? RandomBytes(rng, 200, 600) : BlockCodecTests.Compressible(200 + rng.Next(2000), rng.Next());
                    e.Put(cf, K(k), v);
                    model[k] = v;
                }
                e.Flush();
            }
            e.CompactRange(cf);
            TitanTestEngines.RunGcUntilIdle(e);
            var m = e.GetMetrics().Counters;
            Assert.True(m["titan.blob.records_compressed"] > 0, "no blob record was compressed");
            Assert.True(m["block.compressed"] > 0, "no table block was compressed");
            e.Dispose();
            e = TitanTestEngines.Open(fs, "/db", overrides: options);
            cf = e.DefaultColumnFamily();
            foreach (var (k, v) in model) Assert.Equal(v, e.Get(cf, K(k)));
            using var it = e.NewIterator(cf);
            var n = 0;
            for (it.SeekToFirst(); it.Valid; it.Next()) n++;
            Assert.Equal(model.Count, n);
        }
        finally
        {
            e.Dispose();
        }
    }
}

/// <summary>The whole crash suite with compressed SSTs (lz4) and zstd blob records, a mix of inline and separated values.</summary>
public sealed class TitanBlockCompressedConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "64", ["compression"] = "lz4", ["blob_compression"] = "zstd" });
}
