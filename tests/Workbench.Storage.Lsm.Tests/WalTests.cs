using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests;

public class WalTests
{
    private static readonly int[] Sizes = [0, 1, 100, RecordLogFormat.BlockSize - RecordLogFormat.HeaderSize, RecordLogFormat.BlockSize - RecordLogFormat.HeaderSize - 3, RecordLogFormat.BlockSize, 3 * RecordLogFormat.BlockSize + 17, 5, 70_000];

    private static byte[] Record(int i, int size)
    {
        var b = new byte[size];
        new Random(i).NextBytes(b);
        return b;
    }

    private static MemoryFileSystem WriteLog(string path, IReadOnlyList<byte[]> records)
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        using var w = new RecordLogWriter(fs.CreateFile(path, WriteCategory.Wal));
        foreach (var r in records) w.AddRecord(r);
        w.Sync();
        return fs;
    }

    private static List<byte[]> ReadAll(IFileSystem fs, string path, bool tolerate, out bool torn)
    {
        using var f = fs.OpenRead(path);
        var reader = new RecordLogReader(f, path, tolerate);
        var list = new List<byte[]>();
        while (reader.TryReadRecord(out var rec)) list.Add(rec.ToArray());
        torn = reader.TornTail;
        return list;
    }

    [Fact]
    public void Records_of_every_size_round_trip_including_block_boundaries()
    {
        var records = Sizes.Select((s, i) => Record(i, s)).ToList();
        var fs = WriteLog("/d/1.log", records);
        var back = ReadAll(fs, "/d/1.log", tolerate: false, out var torn);
        Assert.False(torn);
        Assert.Equal(records.Count, back.Count);
        for (var i = 0; i < records.Count; i++) Assert.Equal(records[i], back[i]);
    }

    [Fact]
    public void A_torn_tail_at_any_offset_is_a_clean_end_of_the_newest_log_and_corruption_otherwise()
    {
        var records = Sizes.Select((s, i) => Record(i, s)).ToList();
        var fs = WriteLog("/d/1.log", records);
        var full = fs.GetFileSize("/d/1.log");
        var lastStart = ReadOffsets(fs, "/d/1.log")[^1];
        // cut inside the last (multi-block) record at several points, including inside a header
        foreach (var cut in new[] { lastStart + 1, lastStart + 6, lastStart + 8, lastStart + 40_000, full - 1 })
        {
            var copy = Copy(fs, "/d/1.log", cut);
            var back = ReadAll(copy, "/d/1.log", tolerate: true, out var torn);
            Assert.True(torn, $"cut at {cut}");
            Assert.Equal(records.Count - 1, back.Count);
            for (var i = 0; i < back.Count; i++) Assert.Equal(records[i], back[i]);
            Assert.Throws<CorruptionException>(() => ReadAll(copy, "/d/1.log", tolerate: false, out _));
        }
    }

    [Fact]
    public void A_checksum_mismatch_before_the_end_is_corruption_even_in_the_newest_log()
    {
        var records = Enumerable.Range(0, 20).Select(i => Record(i, 300)).ToList();
        var fs = WriteLog("/d/1.log", records);
        var offsets = ReadOffsets(fs, "/d/1.log");
        using (var f = fs.OpenWritable("/d/1.log", WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(offsets[5] + 20, b);
            b[0] ^= 0x40;
            f.WriteAt(offsets[5] + 20, b);
        }
        var ex = Assert.Throws<CorruptionException>(() => ReadAll(fs, "/d/1.log", tolerate: true, out _));
        Assert.Equal(offsets[5], ex.Offset);
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    private static List<long> ReadOffsets(IFileSystem fs, string path)
    {
        using var f = fs.OpenRead(path);
        var reader = new RecordLogReader(f, path, false);
        var list = new List<long>();
        while (reader.TryReadRecord(out _)) list.Add(reader.LastRecordOffset);
        return list;
    }

    private static MemoryFileSystem Copy(IFileSystem fs, string path, long length)
    {
        var copy = new MemoryFileSystem();
        copy.CreateDirectory("/d");
        var buf = new byte[length];
        using (var f = fs.OpenRead(path)) f.ReadAt(0, buf);
        using var w = copy.CreateFile(path, WriteCategory.Other);
        w.Append(buf);
        return copy;
    }

    [Fact]
    public void Disable_wal_writes_are_flushed_at_close_and_only_they_are_lost_in_a_crash()
    {
        var crashFs = new FaultInjectingFileSystem(new MemoryFileSystem());
        var noWal = new WriteOptions { DisableWal = true };
        using (var e = LsmTestEngines.Open(crashFs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" }))
            for (var i = 0; i < 20; i++) e.Put(e.DefaultColumnFamily(), TestKeys.K(i), TestKeys.K($"a{i}"), noWal);
        var crashed = LsmTestEngines.Open(crashFs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" });
        var cf = crashed.DefaultColumnFamily();
        for (var i = 0; i < 20; i++) Assert.Equal(TestKeys.K($"a{i}"), crashed.Get(cf, TestKeys.K(i)));
        for (var i = 0; i < 10; i++) crashed.Put(cf, TestKeys.K(i), TestKeys.K($"b{i}"), noWal);
        for (var i = 10; i < 20; i++) crashed.Put(cf, TestKeys.K(i), TestKeys.K($"c{i}"), WriteOptions.Synced);
        crashFs.SimulateCrash();
        try { crashed.Dispose(); } catch (IOException) { } catch (StorageException) { }
        using var reopened = LsmTestEngines.Open(crashFs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" });
        for (var i = 0; i < 20; i++)
            Assert.Equal(TestKeys.K(i < 10 ? $"a{i}" : $"c{i}"), reopened.Get(reopened.DefaultColumnFamily(), TestKeys.K(i)));
    }

    [Fact]
    public void Engine_recovers_the_prefix_before_a_torn_tail_and_refuses_a_corrupt_older_log()
    {
        var fs = new MemoryFileSystem();
        var e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" });
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, TestKeys.K(i), TestKeys.K($"v{i}"));
        e.Dispose();
        var log = fs.ListFiles("/db").Single(n => n.EndsWith(".log", StringComparison.Ordinal));
        var path = "/db/" + log;
        var len = fs.GetFileSize(path);
        using (var f = fs.OpenWritable(path, WriteCategory.Other)) f.Truncate(len - 5); // tear the last record (key 99)
        e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" });
        cf = e.DefaultColumnFamily();
        for (var i = 0; i < 99; i++) Assert.Equal(TestKeys.K($"v{i}"), e.Get(cf, TestKeys.K(i)));
        Assert.Null(e.Get(cf, TestKeys.K(99)));
        e.Put(cf, TestKeys.K(99), TestKeys.K("again"));
        e.Dispose();

        // Now damage a record in the middle of the newest log: that is corruption, not a torn tail.
        log = fs.ListFiles("/db").Single(n => n.EndsWith(".log", StringComparison.Ordinal));
        path = "/db/" + log;
        var e2 = LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" });
        for (var i = 0; i < 50; i++) e2.Put(e2.DefaultColumnFamily(), TestKeys.K(1000 + i), TestKeys.K("x"));
        e2.Dispose();
        log = fs.ListFiles("/db").Single(n => n.EndsWith(".log", StringComparison.Ordinal));
        path = "/db/" + log;
        using (var f = fs.OpenWritable(path, WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(200, b);
            b[0] ^= 1;
            f.WriteAt(200, b);
        }
        var ex = Assert.Throws<CorruptionException>(() => LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB" }));
        Assert.Contains(log, ex.Message, StringComparison.Ordinal);
    }
}
