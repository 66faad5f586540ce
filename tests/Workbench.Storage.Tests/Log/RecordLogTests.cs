using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Tests.Log;

/// <summary>The shared record log (Log/FORMAT.md): layout at block boundaries, torn tails, and every damaged byte detected.</summary>
public class RecordLogTests
{
    private const int Block = RecordLogFormat.BlockSize;
    private const int Header = RecordLogFormat.HeaderSize;
    private const string Path = "/d/1.log";

    // Sizes that land exactly on, just short of and across block boundaries, and span several blocks.
    private static readonly int[] Sizes = [0, 1, 100, Block - Header, Block - Header - 3, Block, 3 * Block + 17, 5, 70_000];

    private static byte[] Record(int i, int size)
    {
        var b = new byte[size];
        new Random(i).NextBytes(b); // fixed per index: the test is deterministic
        return b;
    }

    private static MemoryFileSystem WriteLog(IReadOnlyList<byte[]> records, out (long BytesWritten, long Syncs) counts)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using var w = new RecordLogWriter(fs.CreateFile(Path, WriteCategory.Wal));
        foreach (var r in records) w.AddRecord(r);
        w.Sync();
        counts = (w.BytesWritten, w.Syncs);
        return fs;
    }

    private static MemoryFileSystem WriteLog(IReadOnlyList<byte[]> records) => WriteLog(records, out _);

    private static List<byte[]> ReadAll(IFileSystem fs, bool tolerate, out RecordLogReader reader)
    {
        using var f = fs.OpenRead(Path);
        reader = new RecordLogReader(f, Path, tolerate);
        var list = new List<byte[]>();
        while (reader.TryReadRecord(out var rec)) list.Add(rec.ToArray());
        return list;
    }

    private static List<long> ReadOffsets(IFileSystem fs)
    {
        using var f = fs.OpenRead(Path);
        var reader = new RecordLogReader(f, Path, false);
        var list = new List<long>();
        while (reader.TryReadRecord(out _)) list.Add(reader.LastRecordOffset);
        return list;
    }

    private static byte[] Bytes(IFileSystem fs)
    {
        var b = new byte[fs.GetFileSize(Path)];
        using var f = fs.OpenRead(Path);
        f.ReadAt(0, b);
        return b;
    }

    private static MemoryFileSystem FromBytes(ReadOnlySpan<byte> bytes)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using var w = fs.CreateFile(Path, WriteCategory.Other);
        w.Append(bytes);
        return fs;
    }

    [Fact]
    public void Records_of_every_size_round_trip_including_block_boundaries()
    {
        var records = Sizes.Select((s, i) => Record(i, s)).ToList();
        var fs = WriteLog(records, out var counts);
        var back = ReadAll(fs, tolerate: false, out var reader);
        Assert.False(reader.TornTail);
        Assert.Equal(records.Count, back.Count);
        for (var i = 0; i < records.Count; i++) Assert.Equal(records[i], back[i]);
        Assert.Equal(fs.GetFileSize(Path), reader.EndOfLastRecord);
        Assert.Equal(fs.GetFileSize(Path), counts.BytesWritten);
        Assert.Equal(1, counts.Syncs);
    }

    [Fact]
    public void A_record_that_fills_its_block_exactly_is_one_full_fragment_and_the_next_starts_the_next_block()
    {
        var fs = WriteLog([Record(0, Block - Header), Record(1, 10)]);
        var bytes = Bytes(fs);
        Assert.Equal((byte)RecordType.Full, bytes[6]);
        Assert.Equal((byte)RecordType.Full, bytes[Block + 6]);
        Assert.Equal(Block + Header + 10, bytes.Length);
        Assert.Equal([0L, Block], ReadOffsets(fs));
    }

    [Fact]
    public void Fewer_than_seven_bytes_left_in_a_block_are_zero_padding_and_the_record_moves_to_the_next_block()
    {
        // The first record leaves 3 bytes in the block: too few for a header.
        var fs = WriteLog([Record(0, Block - Header - 3), Record(1, 10)]);
        var bytes = Bytes(fs);
        Assert.Equal(new byte[3], bytes.AsSpan(Block - 3, 3).ToArray());
        Assert.Equal((byte)RecordType.Full, bytes[Block + 6]);
        var back = ReadAll(fs, tolerate: false, out _);
        Assert.Equal(Record(1, 10), back[1]);
    }

    [Fact]
    public void A_record_longer_than_the_rest_of_its_block_is_split_into_first_middle_and_last_fragments()
    {
        var fs = WriteLog([Record(0, 100), Record(1, 2 * Block + 50)]);
        var bytes = Bytes(fs);
        var second = Header + 100;
        Assert.Equal((byte)RecordType.First, bytes[second + 6]);
        Assert.Equal((byte)RecordType.Middle, bytes[Block + 6]);
        Assert.Equal((byte)RecordType.Last, bytes[2 * Block + 6]);
        Assert.Equal(second, ReadOffsets(fs)[1]);
    }

    [Fact]
    public void Appending_to_an_existing_log_continues_its_last_block()
    {
        var fs = WriteLog([Record(0, Block - 100)]);
        using (var w = new RecordLogWriter(fs.OpenWritable(Path, WriteCategory.Wal)))
        {
            w.AddRecord(Record(1, 500)); // crosses the block boundary 93 bytes in: must be fragmented
            w.Flush();
        }
        var bytes = Bytes(fs);
        Assert.Equal((byte)RecordType.First, bytes[Block - 100 + Header + 6]);
        var back = ReadAll(fs, tolerate: false, out _);
        Assert.Equal([Record(0, Block - 100), Record(1, 500)], back);
    }

    [Fact]
    public void A_torn_tail_at_any_offset_is_a_clean_end_when_tolerated_and_corruption_otherwise()
    {
        var records = Sizes.Select((s, i) => Record(i, s)).ToList();
        var fs = WriteLog(records);
        var bytes = Bytes(fs);
        var lastStart = ReadOffsets(fs)[^1];
        // cut inside the last (multi-block) record at several points, including inside a header
        foreach (var cut in new[] { lastStart + 1, lastStart + 6, lastStart + 8, lastStart + 40_000, bytes.Length - 1 })
        {
            var copy = FromBytes(bytes.AsSpan(0, (int)cut));
            var back = ReadAll(copy, tolerate: true, out var reader);
            Assert.True(reader.TornTail, $"cut at {cut}");
            Assert.Equal(lastStart, reader.TornTailOffset);
            Assert.Equal(lastStart, reader.EndOfLastRecord);
            Assert.Equal(records.Count - 1, back.Count);
            for (var i = 0; i < back.Count; i++) Assert.Equal(records[i], back[i]);
            Assert.Throws<CorruptionException>(() => ReadAll(copy, tolerate: false, out _));
        }
    }

    [Fact]
    public void A_zero_filled_tail_is_torn_but_zeros_followed_by_data_are_corruption()
    {
        var records = new[] { Record(0, 300), Record(1, 300) };
        var bytes = Bytes(WriteLog(records));
        var withZeros = bytes.Concat(new byte[4096]).ToArray();
        var back = ReadAll(FromBytes(withZeros), tolerate: true, out var reader);
        Assert.Equal(records, back);
        Assert.True(reader.TornTail);
        Assert.Equal(bytes.Length, reader.TornTailOffset);

        var zerosThenData = bytes.Concat(new byte[100]).Concat(bytes).ToArray();
        var ex = Assert.Throws<CorruptionException>(() => ReadAll(FromBytes(zerosThenData), tolerate: true, out _));
        Assert.Equal(bytes.Length, ex.Offset);
    }

    [Fact]
    public void A_checksum_mismatch_before_the_end_is_corruption_even_when_torn_tails_are_tolerated()
    {
        var records = Enumerable.Range(0, 20).Select(i => Record(i, 300)).ToList();
        var fs = WriteLog(records);
        var offsets = ReadOffsets(fs);
        var bytes = Bytes(fs);
        bytes[offsets[5] + 20] ^= 0x40;
        var ex = Assert.Throws<CorruptionException>(() => ReadAll(FromBytes(bytes), tolerate: true, out _));
        Assert.Equal(offsets[5], ex.Offset);
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Flips one bit at every byte of a log with full and fragmented records: the reader never hands
    /// back a record that was not written. Damage in any record but the last is corruption even when
    /// torn tails are tolerated; damage in the last record may read as a torn tail, and then every
    /// record before it is returned intact.
    /// </summary>
    [Fact]
    public void Every_damaged_byte_is_detected()
    {
        var records = new[] { Record(0, 40), Record(1, Block), Record(2, 10), Record(3, 0), Record(4, 200) };
        var bytes = Bytes(WriteLog(records));
        var offsets = ReadOffsets(FromBytes(bytes));
        var lastStart = offsets[^1];
        for (var at = 0; at < bytes.Length; at++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x10;
            List<byte[]> back;
            RecordLogReader reader;
            try
            {
                back = ReadAll(FromBytes(damaged), tolerate: true, out reader);
            }
            catch (CorruptionException)
            {
                continue;
            }
            Assert.True(at >= lastStart, $"damage at byte {at}, before the last record (at {lastStart}), was not reported as corruption");
            Assert.True(reader.TornTail, $"damage at byte {at} went unnoticed");
            Assert.Equal(records[..^1], back);
        }
    }

    [Fact]
    public void Bytes_written_count_headers_fragments_and_padding_and_syncs_are_counted()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using var w = new RecordLogWriter(fs.CreateFile(Path, WriteCategory.Wal));
        w.AddRecord(Record(0, Block - Header - 3)); // leaves 3 bytes of padding
        w.AddRecord(Record(1, 10));
        w.Sync();
        w.AddRecord(Record(2, 10));
        w.Sync();
        Assert.Equal(Block + 2 * (Header + 10), w.BytesWritten);
        Assert.Equal(w.Length, w.BytesWritten);
        Assert.Equal(2, w.Syncs);
    }
}
