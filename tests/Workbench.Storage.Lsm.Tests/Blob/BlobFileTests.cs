using System.Buffers;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests.Blob;

public sealed class BlobFileTests
{
    private static (MemoryFileSystem Fs, List<(byte[] Key, byte[] Value, BlobIndex Index)> Records, long Size) WriteFile(int count, int valueSize)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        var records = new List<(byte[], byte[], BlobIndex)>();
        using var w = new BlobFileWriter(fs.CreateFile("/d/000007.blob", WriteCategory.Blob), 7);
        for (var i = 0; i < count; i++)
        {
            var key = System.Text.Encoding.ASCII.GetBytes($"key{i:D5}");
            var value = new byte[valueSize + i % 3];
            Array.Fill(value, (byte)i);
            records.Add((key, value, w.Add(key, value)));
        }
        var size = w.Finish();
        return (fs, records, size);
    }

    [Fact]
    public void Records_round_trip_by_index_and_by_scan()
    {
        var (fs, records, size) = WriteFile(200, 300);
        Assert.Equal(size, fs.GetFileSize("/d/000007.blob"));
        var reader = new BlobFileReader(fs.OpenRead("/d/000007.blob"), "000007.blob", 7);
        Assert.Equal(200, reader.RecordCount);
        var ra = new BlobReadAhead();
        foreach (var (key, value, index) in records)
        {
            var buf = new ArrayBufferWriter<byte>();
            reader.Read(index, key, buf, ra);
            Assert.Equal(value, buf.WrittenSpan.ToArray());
        }
        // 200 × ~310 bytes sequentially: read-ahead needs only a handful of IOs.
        Assert.InRange(ra.Reads, 1, 10);
        var it = new BlobFileIterator(reader);
        var n = 0;
        while (it.Next())
        {
            Assert.Equal(records[n].Key, it.Key.ToArray());
            Assert.Equal(records[n].Value, it.StoredValue.ToArray());
            Assert.Equal(records[n].Index.Offset, it.Offset);
            Assert.Equal(records[n].Index.Size, it.Size);
            n++;
        }
        Assert.Equal(200, n);
        reader.Unref();
    }

    [Fact]
    public void Brotli_compresses_values_that_gain_and_stores_the_rest_raw_and_gc_copies_stored_bytes()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        var rng = new Random(5);
        var values = new List<byte[]>();
        var indexes = new List<BlobIndex>();
        long compressed;
        using (var w = new BlobFileWriter(fs.CreateFile("/d/000001.blob", WriteCategory.Blob), 1, BlobCompression.Brotli, 1))
        {
            for (var i = 0; i < 40; i++)
            {
                var v = new byte[4000 + i];
                if (i % 2 == 0) Array.Fill(v, (byte)('a' + i % 26)); // compressible
                else rng.NextBytes(v);                            // random: stays raw
                if (i == 38) v = [1, 2, 3];                       // too short to try
                values.Add(v);
                indexes.Add(w.Add(System.Text.Encoding.ASCII.GetBytes($"k{i:D3}"), v));
            }
            compressed = w.CompressedRecords;
            w.Finish();
        }
        Assert.Equal(19, compressed);
        for (var i = 0; i < 40; i++)
            if (i % 2 == 0 && i != 38) Assert.True(indexes[i].Size < 200, $"record {i} is {indexes[i].Size} bytes: not compressed");
            else if (i != 38) Assert.True(indexes[i].Size > values[i].Length, $"record {i} is {indexes[i].Size} bytes: random data should be stored raw");

        var reader = new BlobFileReader(fs.OpenRead("/d/000001.blob"), "000001.blob", 1);
        for (var i = 0; i < 40; i++)
        {
            var buf = new ArrayBufferWriter<byte>();
            reader.Read(indexes[i], System.Text.Encoding.ASCII.GetBytes($"k{i:D3}"), buf);
            Assert.Equal(values[i], buf.WrittenSpan.ToArray());
        }

        // GC copies stored bytes with their flag: the copy reads back the same values, at the same sizes.
        var copies = new List<BlobIndex>();
        using (var w = new BlobFileWriter(fs.CreateFile("/d/000002.blob", WriteCategory.BlobGc), 2))
        {
            var it = new BlobFileIterator(reader);
            while (it.Next()) copies.Add(w.AddStored(it.Key, it.StoredValue, it.Compression));
            w.Finish();
        }
        reader.Unref();
        var copy = new BlobFileReader(fs.OpenRead("/d/000002.blob"), "000002.blob", 2);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(indexes[i].Size, copies[i].Size);
            var buf = new ArrayBufferWriter<byte>();
            copy.Read(copies[i], System.Text.Encoding.ASCII.GetBytes($"k{i:D3}"), buf);
            Assert.Equal(values[i], buf.WrittenSpan.ToArray());
        }
        copy.Unref();
    }

    [Fact]
    public void A_compressed_value_that_does_not_decompress_is_corruption_even_with_a_valid_checksum()
    {
        var value = new byte[5000];
        Array.Fill(value, (byte)'x');
        var stored = new byte[BlobValueCodec.MaxStoredLength(value.Length)];
        var n = BlobValueCodec.TryCompress(value, stored, BlobCompression.Brotli, 1);
        Assert.InRange(n, 3, 200);
        stored[n - 1] ^= 0x55; // damage the stream's end, then write a record with a correct crc around it
        var record = new byte[BlobRecord.EncodedLength(1, n)];
        BlobRecord.Encode(record, "k"u8, stored.AsSpan(0, n), BlobCompression.Brotli);
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using (var f = fs.CreateFile("/d/000003.blob", WriteCategory.Blob))
        {
            using var w = new BlobFileWriter(f, 3);
            w.AddStored("k"u8, stored.AsSpan(0, n), BlobCompression.Brotli);
            w.Finish();
        }
        var reader = new BlobFileReader(fs.OpenRead("/d/000003.blob"), "000003.blob", 3);
        var e = Assert.Throws<CorruptionException>(() => reader.Read(new BlobIndex(3, BlobFileFormat.HeaderSize, record.Length), "k"u8, new ArrayBufferWriter<byte>()));
        Assert.Contains("decompress", e.Message, StringComparison.Ordinal);
        reader.Unref();
    }

    [Fact]
    public void Read_ahead_keeps_one_window_per_file_when_a_scan_alternates_between_files()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        var indexes = new List<(long File, byte[] Key, BlobIndex Index)>();
        foreach (var number in new long[] { 7, 8 })
        {
            using var w = new BlobFileWriter(fs.CreateFile($"/d/{BlobFileFormat.FileName(number)}", WriteCategory.Blob), number);
            for (var i = 0; i < 100; i++)
            {
                var key = System.Text.Encoding.ASCII.GetBytes($"k{number}-{i:D4}");
                indexes.Add((number, key, w.Add(key, new byte[500])));
            }
            w.Finish();
        }
        var readers = new Dictionary<long, BlobFileReader>
        {
            [7] = new(fs.OpenRead("/d/000007.blob"), "000007.blob", 7),
            [8] = new(fs.OpenRead("/d/000008.blob"), "000008.blob", 8),
        };
        var ra = new BlobReadAhead();
        for (var i = 0; i < 100; i++)
            foreach (var file in new long[] { 7, 8 })
            {
                var (_, key, index) = indexes[(file == 7 ? 0 : 100) + i];
                var buf = new ArrayBufferWriter<byte>();
                readers[file].Read(index, key, buf, ra);
                Assert.Equal(500, buf.WrittenCount);
            }
        // 2 × 100 records of ~510 bytes: without per-file windows every switch would be an IO (200).
        Assert.InRange(ra.Reads, 2, 12);
        // Pooled window buffers: a grown window gave its smaller buffer back, so at most one
        // (pool-rounded) max window per file is held, and Dispose returns them all.
        Assert.InRange(ra.HeldBytes, 1, 2 * 2 * BlobReadAhead.MaxWindow);
        ra.Dispose();
        Assert.Equal(0, ra.HeldBytes);
        var again = new ArrayBufferWriter<byte>();
        readers[7].Read(indexes[0].Index, indexes[0].Key, again, ra); // usable after Dispose (starts empty)
        Assert.Equal(500, again.WrittenCount);
        ra.Dispose();
        Assert.Equal(0, ra.HeldBytes);
        foreach (var r in readers.Values) r.Unref();
    }

    [Fact]
    public void A_flipped_byte_in_a_record_is_corruption_naming_file_and_offset()
    {
        var (fs, records, _) = WriteFile(10, 100);
        var target = records[4].Index;
        using (var f = fs.OpenWritable("/d/000007.blob", WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(target.Offset + target.Size - 3, b);
            b[0] ^= 0x40;
            f.WriteAt(target.Offset + target.Size - 3, b);
        }
        var reader = new BlobFileReader(fs.OpenRead("/d/000007.blob"), "000007.blob", 7);
        var e = Assert.Throws<CorruptionException>(() => reader.Read(target, records[4].Key, new ArrayBufferWriter<byte>()));
        Assert.Equal("000007.blob", e.File);
        Assert.Equal(target.Offset, e.Offset);
        // Neighbours are intact.
        var ok = new ArrayBufferWriter<byte>();
        reader.Read(records[3].Index, records[3].Key, ok);
        Assert.Equal(records[3].Value, ok.WrittenSpan.ToArray());
        var it = new BlobFileIterator(reader);
        Assert.Throws<CorruptionException>(() => { while (it.Next()) { } });
    }

    [Fact]
    public void An_index_for_another_key_or_out_of_range_is_corruption_not_wrong_data()
    {
        var (fs, records, _) = WriteFile(5, 50);
        var reader = new BlobFileReader(fs.OpenRead("/d/000007.blob"), "000007.blob", 7);
        Assert.Throws<CorruptionException>(() => reader.Read(records[1].Index, records[2].Key, new ArrayBufferWriter<byte>()));
        Assert.Throws<CorruptionException>(() => reader.Read(new BlobIndex(7, 1 << 20, 100), records[0].Key, new ArrayBufferWriter<byte>()));
        Assert.Throws<CorruptionException>(() => reader.Read(records[1].Index with { Size = records[1].Index.Size - 1 }, records[1].Key, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void A_truncated_or_unfinished_file_is_rejected_at_open()
    {
        var (fs, _, size) = WriteFile(5, 50);
        using (var f = fs.OpenWritable("/d/000007.blob", WriteCategory.Other)) f.Truncate(size - 5);
        var e = Assert.Throws<CorruptionException>(() => new BlobFileReader(fs.OpenRead("/d/000007.blob"), "000007.blob", 7));
        Assert.Equal("000007.blob", e.File);
    }

    [Theory]
    [InlineData(0L, 0L, 0L)]
    [InlineData(1L, 8L, 9L)]
    [InlineData(123456789L, 1L << 40, 70000L)]
    public void BlobIndex_round_trips_and_rejects_garbage(long file, long offset, long size)
    {
        var index = new BlobIndex(file, offset, size);
        var bytes = index.ToArray();
        Assert.True(BlobIndex.TryDecode(bytes, out var back));
        Assert.Equal(index, back);
        Assert.False(BlobIndex.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _));
        var bad = (byte[])bytes.Clone();
        bad[0] = 9;
        Assert.False(BlobIndex.TryDecode(bad, out _));
        Assert.False(BlobIndex.TryDecode([.. bytes, 0], out _));
    }
}
