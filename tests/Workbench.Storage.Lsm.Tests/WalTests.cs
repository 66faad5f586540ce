using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>The LSM engine over its WAL: unlogged writes and torn or damaged logs at recovery. The record log itself is tested in Workbench.Storage.Tests (Log/RecordLogTests).</summary>
public class WalTests
{
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
