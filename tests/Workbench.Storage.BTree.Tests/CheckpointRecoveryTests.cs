using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Checkpoints interrupted at every write and sync recover from the previous meta page; damaged pages surface as corruption.</summary>
public sealed class CheckpointRecoveryTests
{
    private static readonly byte[] Value = new byte[300];

    [Theory]
    [InlineData(FaultKind.Write)]
    [InlineData(FaultKind.Sync)]
    public void A_checkpoint_failing_at_any_page_write_or_sync_recovers_from_the_previous_meta_page(FaultKind kind)
    {
        var failedAt = 0;
        // A pool that holds the dirty pages (no eviction writes them back first), so the checkpoint has many writes to fail.
        var options = new Dictionary<string, string>(BTreeTestEngines.Small) { ["cache_size"] = "1MiB" };
        for (var n = 1; n <= 200; n++)
        {
            var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
            var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 300; i++) e.Put(cf, K(i), Value);
            e.Flush();
            // Enough small writes after the checkpoint to dirty several pages (more failure points), but
            // fewer log bytes than checkpoint_wal_bytes, so no background checkpoint competes for the fault.
            for (var i = 300; i < 650; i++) e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
            for (var i = 0; i < 100; i++) e.Delete(cf, K(i), WriteOptions.Synced);
            var before = e.CheckpointId;
            faults.FailNth(kind, n, pathContains: BTreeEngine.PageFileName);
            try
            {
                e.Flush();
            }
            catch (EngineWriteStoppedException)
            {
                failedAt = n;
                Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, K("x"), K("y")));
                faults.SimulateCrash();
                e.Dispose();
                using var r = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
                Assert.Equal(before, r.RecoveredCheckpointId);
                var rcf = r.DefaultColumnFamily();
                for (var i = 0; i < 650; i++)
                    Assert.Equal(i < 100 ? null : i < 300 ? Value : K($"v{i}"), r.Get(rcf, K(i)));
                r.VerifyTrees();
                continue;
            }
            // The checkpoint did fewer than n operations of this kind: every failure point was covered.
            Assert.True(n > 1, "the first operation should have failed");
            Assert.Equal(before + 1, e.CheckpointId);
            e.Dispose();
            break;
        }
        Assert.True(failedAt >= (kind == FaultKind.Write ? 5 : 2), $"only {failedAt} {kind} failure points in a checkpoint");
    }

    [Fact]
    public void A_torn_newest_meta_page_falls_back_to_the_previous_checkpoint_and_replays_both_logs()
    {
        var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
        var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db");
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 300; i++) e.Put(cf, K(i), Value, WriteOptions.Synced);
        e.Flush();
        var previous = e.CheckpointId;
        for (var i = 300; i < 500; i++) e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
        // The next checkpoint's meta page becomes durable, but deleting the older log fails: the old log stays.
        faults.FailNth(FaultKind.Delete, 1, pathContains: "wal-");
        Assert.Throws<EngineWriteStoppedException>(e.Flush);
        var newest = e.CheckpointId;
        Assert.Equal(previous + 1, newest);
        e.Dispose();
        // Tear the newest meta page: its second half never reached the disk.
        using (var f = faults.OpenWritable("/db/" + BTreeEngine.PageFileName, WriteCategory.Other))
            f.WriteAt(newest % 2 * 4096 + 60, new byte[2048]);
        using var r = (BTreeEngine)BTreeTestEngines.Open(faults, "/db");
        Assert.Equal(previous, r.RecoveredCheckpointId);
        cf = r.DefaultColumnFamily();
        for (var i = 0; i < 500; i++) Assert.Equal(i < 300 ? Value : K($"v{i}"), r.Get(cf, K(i)));
        r.VerifyTrees();
    }

    [Fact]
    public void A_damaged_leaf_page_raises_a_corruption_error_naming_the_file_never_wrong_data()
    {
        var fs = new MemoryFileSystem();
        var e = BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 1000; i++) e.Put(cf, K(i), K($"value{i}"));
        e.Flush();
        e.Dispose();
        var path = "/db/" + BTreeEngine.PageFileName;
        var damaged = 0;
        using (var f = fs.OpenWritable(path, WriteCategory.Other))
        {
            var page = new byte[4096];
            for (long p = 2; p * 4096 < f.Length; p++)
            {
                f.ReadAt(p * 4096, page);
                if (page[4] != 2) continue; // leaf pages only
                page[4000] ^= 0x5A;
                f.WriteAt(p * 4096 + 4000, page.AsSpan(4000, 1));
                damaged++;
            }
        }
        Assert.True(damaged > 0);
        using var r = BTreeTestEngines.Open(fs, "/db");
        cf = r.DefaultColumnFamily();
        var errors = 0;
        for (var i = 0; i < 1000; i++)
        {
            try
            {
                var v = r.Get(cf, K(i));
                Assert.Equal(K($"value{i}"), v);
            }
            catch (CorruptionException ex)
            {
                Assert.Equal(path, ex.File);
                Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
                errors++;
            }
        }
        Assert.True(errors > 0, "no read met a damaged page");
        using var it = r.NewIterator(cf);
        Assert.Throws<CorruptionException>(() =>
        {
            for (it.SeekToFirst(); it.Valid; it.Next()) { }
        });
        Assert.False(it.Valid);
    }

    [Fact]
    public void Both_meta_pages_damaged_is_a_corruption_error_not_an_empty_database()
    {
        var fs = new MemoryFileSystem();
        var e = BTreeTestEngines.Open(fs, "/db");
        for (var i = 0; i < 500; i++) e.Put(e.DefaultColumnFamily(), K(i), Value);
        e.Flush();
        e.Dispose();
        using (var f = fs.OpenWritable("/db/" + BTreeEngine.PageFileName, WriteCategory.Other))
        {
            f.WriteAt(10, new byte[] { 0xFF });
            f.WriteAt(4096 + 10, new byte[] { 0xFF });
        }
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, "/db"));
        Assert.Contains("meta", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_newest_meta_page_whose_log_is_gone_is_reported_not_silently_rolled_back()
    {
        var fs = new MemoryFileSystem();
        var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        for (var i = 0; i < 200; i++) e.Put(e.DefaultColumnFamily(), K(i), Value);
        e.Flush();
        var newest = e.CheckpointId;
        e.Dispose();
        using (var f = fs.OpenWritable("/db/" + BTreeEngine.PageFileName, WriteCategory.Other))
            f.WriteAt(newest % 2 * 4096 + 30, new byte[] { 0xEE });
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, "/db"));
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }
    /// <summary>Issue 20 (1): a synced writer crashed before any checkpoint, then meta page 1 damaged; open must not erase the log.</summary>
    private static (FaultInjectingFileSystem Fs, int PageSize) CrashedBeforeAnyCheckpoint(int batches)
    {
        var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
        var options = new Dictionary<string, string> { ["page_size"] = "8KiB", ["checkpoint_wal_bytes"] = "64MiB" };
        var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
        for (var i = 0; i < batches; i++) e.Put(e.DefaultColumnFamily(), K(i), K($"v{i}"), WriteOptions.Synced);
        Assert.Equal(1, e.CheckpointId);
        faults.SimulateCrash();
        e.Dispose();
        return (faults, e.PageSize);
    }

    [Fact]
    public void A_damaged_meta_page_of_a_database_that_never_checkpointed_recovers_every_synced_batch()
    {
        var (fs, pageSize) = CrashedBeforeAnyCheckpoint(300);
        Assert.True(fs.GetFileSize("/db/" + BTreeEngine.PageFileName) <= 2 * 16384);
        using (var f = fs.OpenWritable("/db/" + BTreeEngine.PageFileName, WriteCategory.Other))
            f.WriteAt(pageSize, new byte[] { 0x5A }); // the byte the issue flipped: offset 8192
        using var r = BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "8KiB" });
        for (var i = 0; i < 300; i++) Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K(i)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_log_holding_batches_is_never_erased_when_the_page_file_is_unreadable_or_gone(bool deletePageFile)
    {
        var (fs, pageSize) = CrashedBeforeAnyCheckpoint(50);
        var path = "/db/" + BTreeEngine.PageFileName;
        if (deletePageFile) fs.DeleteFile(path);
        else
            using (var f = fs.OpenWritable(path, WriteCategory.Other))
            {
                f.WriteAt(8, new byte[] { 0x5A });
                f.WriteAt(pageSize + 8, new byte[] { 0x5A });
            }
        var logs = fs.ListFiles("/db").Where(n => n.StartsWith("wal-", StringComparison.Ordinal)).ToList();
        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, "/db"));
        Assert.Contains(BTreeEngine.PageFileName, ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was", ex.Message, StringComparison.Ordinal);
        foreach (var l in logs) Assert.True(fs.FileExists("/db/" + l), $"{l} was deleted");
    }
}
