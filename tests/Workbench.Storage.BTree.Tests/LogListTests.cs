using System.Buffers.Binary;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// Issue 20's last gap: the set of log files is provable (the log list names the newest log), so a
/// deleted log is a corruption error naming it, never a database without its batches.
/// </summary>
public sealed class LogListTests
{
    private const string Dir = "/db";

    private static List<string> Logs(IFileSystem fs) =>
        fs.ListFiles(Dir).Where(n => WalWriter.TryParseNumber(n, out _)).ToList();

    /// <summary>Synced puts, optionally a checkpoint after the first half, then a simulated machine crash.</summary>
    private static FaultInjectingFileSystem Crashed(int puts, bool checkpointFirst)
    {
        var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
        var e = BTreeTestEngines.Open(faults, Dir);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < puts; i++)
        {
            if (checkpointFirst && i == puts / 2) e.Flush();
            e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
        }
        faults.SimulateCrash();
        try
        {
            e.Dispose();
        }
        catch (Exception ex) when (ex is IOException or StorageException)
        {
            // a crashed process does not close cleanly
        }
        return faults;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Deleting_the_newest_log_is_a_corruption_error_naming_it_and_nothing_is_deleted(bool checkpointFirst)
    {
        var fs = Crashed(60, checkpointFirst);
        var logs = Logs(fs);
        var newest = logs.Max()!;
        fs.DeleteFile(FilePaths.Combine(Dir, newest));
        var before = fs.ListFiles(Dir).ToList();
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir));
        Assert.Equal(FilePaths.Combine(Dir, newest), ex.File);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, fs.ListFiles(Dir).ToList());
    }

    [Fact]
    public void A_log_in_the_middle_of_the_named_range_deleted_is_a_corruption_error_naming_it()
    {
        // Three opens without a checkpoint: logs 1 (creation), 2, 3, 4 are all needed by checkpoint 1.
        var fs = new MemoryFileSystem();
        var opts = new Dictionary<string, string> { ["checkpoint_wal_bytes"] = "64MiB" };
        for (var round = 0; round < 3; round++)
        {
            var e = BTreeTestEngines.Open(fs, Dir, opts);
            for (var i = 0; i < 20; i++) e.Put(e.DefaultColumnFamily(), K(round * 20 + i), K("v"));
            // No Dispose: a process crash (the log was flushed to the OS, the engine never checkpointed).
        }
        var logs = Logs(fs);
        Assert.True(logs.Count >= 4, string.Join(",", logs));
        var middle = logs[2];
        fs.DeleteFile(FilePaths.Combine(Dir, middle));
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir, opts));
        Assert.Equal(FilePaths.Combine(Dir, middle), ex.File);
    }

    [Fact]
    public void A_deleted_or_damaged_log_list_is_a_corruption_error_not_a_database_without_its_logs()
    {
        var fs = Crashed(40, checkpointFirst: false);
        var list = FilePaths.Combine(Dir, LogList.FileName);
        using (var f = fs.OpenRead(list))
        {
            var bytes = new byte[f.Length];
            f.ReadAt(0, bytes);
            bytes[17] ^= 0x01;
            using var w = fs.CreateFile(list, WriteCategory.Other);
            w.Append(bytes);
        }
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir));
        Assert.Equal(list, ex.File);
        fs.DeleteFile(list);
        ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir));
        Assert.Equal(list, ex.File);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_above_the_newest_named_one_that_holds_batches_is_corruption_not_replayed_or_deleted()
    {
        var fs = Crashed(40, checkpointFirst: false);
        var logs = Logs(fs);
        WalWriter.TryParseNumber(logs.Max()!, out var newest);
        LogList.Write(fs, Dir, newest - 1); // a stale list (e.g. restored from an older copy)
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir));
        Assert.Equal(FilePaths.Combine(Dir, WalWriter.FileName(newest)), ex.File);
        Assert.Equal(logs, Logs(fs));
    }

    [Fact]
    public void A_log_switch_cut_short_before_the_list_names_the_new_log_recovers_every_acknowledged_batch()
    {
        var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
        var e = BTreeTestEngines.Open(faults, Dir);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 50; i++) e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
        // The checkpoint creates and syncs the next log, then the list's rename fails: the new log is never named.
        faults.FailNth(FaultKind.Rename, 1, pathContains: LogList.TempFileName);
        Assert.Throws<EngineWriteStoppedException>(e.Flush);
        faults.SimulateCrash();
        e.Dispose();
        var orphans = Logs(faults);
        for (var round = 0; round < 2; round++)
        {
            using var r = BTreeTestEngines.Open(faults, Dir);
            for (var i = 0; i < 50; i++) Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K(i)));
            r.Put(r.DefaultColumnFamily(), K(100 + round), K("more"), WriteOptions.Synced);
        }
        foreach (var l in orphans) Assert.True(faults.FileExists(FilePaths.Combine(Dir, l)), $"{l} was deleted by an open that could not prove it obsolete");
        using var last = BTreeTestEngines.Open(faults, Dir);
        Assert.Equal(K("more"), last.Get(last.DefaultColumnFamily(), K(101)));
    }

    [Fact]
    public void A_torn_tail_of_the_newest_log_is_still_a_torn_tail()
    {
        var fs = Crashed(40, checkpointFirst: false);
        var newest = FilePaths.Combine(Dir, Logs(fs).Max()!);
        using (var f = fs.OpenWritable(newest, WriteCategory.Other)) f.Truncate(f.Length - 5);
        using var r = BTreeTestEngines.Open(fs, Dir);
        for (var i = 0; i < 39; i++) Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K(i)));
        Assert.Null(r.Get(r.DefaultColumnFamily(), K(39)));
    }

    [Fact]
    public void A_version_1_database_without_a_log_list_opens_and_gets_one()
    {
        var fs = Crashed(40, checkpointFirst: false);
        fs.DeleteFile(FilePaths.Combine(Dir, LogList.FileName));
        // Rewrite both meta pages as format version 1 (what builds before the log list wrote).
        using (var f = fs.OpenWritable(FilePaths.Combine(Dir, BTreeEngine.PageFileName), WriteCategory.Other))
            foreach (var offset in new long[] { 0, 4096 })
            {
                var page = new byte[4096];
                f.ReadAt(offset, page);
                BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(16), 1);
                var len = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(4));
                BinaryPrimitives.WriteUInt32LittleEndian(page, Crc32C.Mask(Crc32C.Compute(page.AsSpan(4, 4 + len))));
                f.WriteAt(offset, page);
            }
        using (var r = BTreeTestEngines.Open(fs, Dir))
            for (var i = 0; i < 40; i++) Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K(i)));
        Assert.True(fs.FileExists(FilePaths.Combine(Dir, LogList.FileName)));
    }
}
