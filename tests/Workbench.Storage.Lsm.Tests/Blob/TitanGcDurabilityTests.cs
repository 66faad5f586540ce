using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>GC rewrites are synced like a user's synced write: older WAL files closed by a memtable switch are synced first.</summary>
public sealed class TitanGcDurabilityTests
{
    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    private static byte[] Value(int i, int round) => Enumerable.Repeat((byte)(i * 31 + round), 600).ToArray();

    private static int LogFiles(IFileSystem fs) => fs.ListFiles("/db").Count(n => n.EndsWith(".log", StringComparison.Ordinal));

    [Fact]
    public void Gc_after_unsynced_overwrites_across_a_memtable_switch_survives_a_crash()
    {
        const int keys = 60;
        var crashFs = new FaultInjectingFileSystem(new MemoryFileSystem());
        var gated = new GatedFileSystem(crashFs);
        var options = TitanTestEngines.ManualGc();
        var e = TitanTestEngines.Open(gated, "/db", overrides: options);
        var overwritten = 0;
        try
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < keys; i++) e.Put(cf, Key(i), Value(i, 0), WriteOptions.Synced);
            e.Flush(); // one blob file holds every value

            // Hold the background flush back (it would sync the closed log itself), then overwrite
            // without sync until the memtable switches to a new log: the older log stays unsynced.
            gated.Block(".sst");
            var logs = LogFiles(gated);
            while (LogFiles(gated) == logs)
            {
                Assert.True(overwritten < keys, "the memtable never switched");
                e.Put(cf, Key(overwritten), Value(overwritten, 1));
                overwritten++;
            }

            // GC finds the overwritten records dead (and deletes the old file once it moved the
            // rest): the overwrites it relied on must be durable before that.
            Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0);
            Assert.True(TitanTestEngines.Blobs(e).Stats.GcRuns > 0);
            crashFs.SimulateCrash();
        }
        finally
        {
            gated.CutOff();
            gated.Release();
            try { e.Dispose(); } catch (IOException) { } catch (StorageException) { }
        }

        using var reopened = TitanTestEngines.Open(crashFs, "/db", overrides: options);
        var rcf = reopened.DefaultColumnFamily();
        for (var i = 0; i < keys; i++)
            Assert.Equal(Value(i, i < overwritten ? 1 : 0), reopened.Get(rcf, Key(i)));
        using var it = reopened.NewIterator(rcf);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            Assert.Equal(Value(n, n < overwritten ? 1 : 0), it.Value.ToArray());
            n++;
        }
        Assert.Equal(keys, n);
    }

    [Fact]
    public void Gc_keeps_old_files_until_the_disable_wal_writes_it_relied_on_are_flushed()
    {
        const int keys = 40;
        var crashFs = new FaultInjectingFileSystem(new MemoryFileSystem());
        var gated = new GatedFileSystem(crashFs);
        var options = TitanTestEngines.ManualGc();
        var e = TitanTestEngines.Open(gated, "/db", overrides: options);
        var noWal = new WriteOptions { DisableWal = true };
        bool Unlogged(int i) => i % 20 < 5;
        try
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < keys; i++)
            {
                e.Put(cf, Key(i), Value(i, 0), WriteOptions.Synced);
                if (i % 20 == 19) e.Flush(); // two small blob files: GC merges them
            }
            // These overwrites exist only in the memtable: GC finds the old records dead on their account.
            for (var i = 0; i < keys; i++)
                if (Unlogged(i)) e.Put(cf, Key(i), Value(i, 1), noWal);
            Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0);
            Assert.Equal(1, TitanTestEngines.Blobs(e).PendingDeleteCount); // held back: the memtable is not flushed
            crashFs.SimulateCrash();
        }
        finally
        {
            gated.CutOff();
            try { e.Dispose(); } catch (IOException) { } catch (StorageException) { }
        }

        // The unlogged overwrites are lost (DisableWal's contract), so the old records must still be there.
        using var reopened = TitanTestEngines.Open(crashFs, "/db", overrides: options);
        var rcf = reopened.DefaultColumnFamily();
        for (var i = 0; i < keys; i++)
            Assert.Equal(Value(i, 0), reopened.Get(rcf, Key(i)));
    }

    [Fact]
    public void The_flush_that_releases_gc_inputs_deletes_them_before_it_returns()
    {
        // bench reads the disk size right after Flush(): files GC already replaced must be gone by then
        // (issue 21.6: titan's space amp after overwrite counted them).
        const int keys = 40;
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < keys; i++)
        {
            e.Put(cf, Key(i), Value(i, 0));
            if (i % 20 == 19) e.Flush();
        }
        for (var i = 0; i < keys; i += 4) e.Put(cf, Key(i), Value(i, 1), new WriteOptions { DisableWal = true });
        Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0);
        Assert.Equal(1, TitanTestEngines.Blobs(e).PendingDeleteCount);
        e.Flush(); // no GC step after it: the flush itself deletes the released inputs
        Assert.Equal(0, TitanTestEngines.Blobs(e).PendingDeleteCount);
        Assert.True(e.GetMetrics().Counters["titan.gc.files_deleted"] >= 2);
        for (var i = 0; i < keys; i++) Assert.Equal(Value(i, i % 4 == 0 ? 1 : 0), e.Get(cf, Key(i)));
    }

    [Fact]
    public void Gc_deletes_the_held_files_once_the_memtable_is_flushed_and_close_keeps_disable_wal_writes()
    {
        const int keys = 40;
        var fs = new MemoryFileSystem();
        var options = TitanTestEngines.ManualGc();
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: options))
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < keys; i++)
            {
                e.Put(cf, Key(i), Value(i, 0));
                if (i % 20 == 19) e.Flush();
            }
            for (var i = 0; i < keys; i += 4) e.Put(cf, Key(i), Value(i, 1), new WriteOptions { DisableWal = true });
            Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0);
            Assert.Equal(1, TitanTestEngines.Blobs(e).PendingDeleteCount);
            e.Flush();
            TitanTestEngines.RunGcUntilIdle(e);
            Assert.Equal(0, TitanTestEngines.Blobs(e).PendingDeleteCount);
            Assert.True(e.GetMetrics().Counters["titan.gc.files_deleted"] >= 2, "the two merged input files are deleted once the memtable is flushed");
            for (var i = 2; i < keys; i += 4) e.Put(cf, Key(i), Value(i, 2), new WriteOptions { DisableWal = true });
        }
        using var reopened = TitanTestEngines.Open(fs, "/db", overrides: options);
        var rcf = reopened.DefaultColumnFamily();
        for (var i = 0; i < keys; i++)
            Assert.Equal(Value(i, i % 4 == 0 ? 1 : i % 2 == 0 ? 2 : 0), reopened.Get(rcf, Key(i)));
    }
}
