using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Snapshots pin the page versions they see across checkpoints; once released, freed pages are reused and the file stops growing.</summary>
public sealed class SnapshotAndFreeSpaceTests(ITestOutputHelper output)
{
    [Fact]
    public void A_snapshot_keeps_its_view_across_overwrites_and_checkpoints_and_the_file_stays_bounded_after_release()
    {
        var fs = new MemoryFileSystem();
        using var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 800; i++) e.Put(cf, K(i), K($"v0-{i}"));
        e.Flush();
        var snap = e.GetSnapshot();
        var at = new ReadOptions { Snapshot = snap };
        for (var round = 1; round <= 5; round++)
        {
            for (var i = 0; i < 800; i++) e.Put(cf, K(i), K($"v{round}-{i}"));
            e.Flush();
            for (var i = 0; i < 800; i += 7) Assert.Equal(K($"v0-{i}"), e.Get(cf, K(i), at));
        }
        using (var it = e.NewIterator(cf, at))
        {
            var n = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), n++) Assert.Equal(K($"v0-{n}"), it.Value.ToArray());
            Assert.Equal(800, n);
        }
        var pinnedFile = e.GetMetrics().Counters["btree.pages.file"];
        snap.Dispose();
        for (var round = 6; round <= 8; round++)
        {
            for (var i = 0; i < 800; i++) e.Put(cf, K(i), K($"v{round}-{i}"));
            e.Flush();
        }
        var settled = e.GetMetrics().Counters["btree.pages.file"];
        for (var round = 9; round <= 20; round++)
        {
            for (var i = 0; i < 800; i++) e.Put(cf, K(i), K($"v{round}-{i}"));
            e.Flush();
        }
        var final = e.GetMetrics().Counters["btree.pages.file"];
        output.WriteLine($"file pages: with snapshot {pinnedFile}, settled {settled}, after 12 more rounds {final}");
        Assert.True(final <= settled + 4, $"the file kept growing after the snapshot was released: {settled} -> {final} pages");
        e.VerifyTrees();
        for (var i = 0; i < 800; i++) Assert.Equal(K($"v20-{i}"), e.Get(cf, K(i)));
    }

    [Fact]
    public void Scan_then_write_without_checkpoints_reuses_the_copied_pages_instead_of_growing_the_file()
    {
        var fs = new MemoryFileSystem();
        // No checkpoint for the whole test: only snapshot release can make copied pages reusable.
        using var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "4KiB", ["cache_size"] = "1MiB", ["checkpoint_wal_bytes"] = "1GiB" });
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 3000; i++) e.Put(cf, K(i), new byte[100]);
        var before = e.GetMetrics().Counters["btree.pages.file"];
        var rng = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            using (var it = e.NewIterator(cf))
            {
                it.Seek(K(rng.Next(3000)));
                Assert.True(it.Valid);
            }
            e.Put(cf, K(rng.Next(3000)), new byte[100]); // copies the root-to-leaf path the iterator froze
        }
        var m = e.GetMetrics().Counters;
        Assert.True(m["btree.cow_copies"] >= 3000, $"{m["btree.cow_copies"]} copies");
        Assert.True(m["btree.pages.file"] <= before + 10, $"file grew from {before} to {m["btree.pages.file"]} pages");
        e.VerifyTrees();
    }

    [Fact]
    public async Task Iterators_see_a_consistent_view_while_another_thread_writes_and_checkpoints()
    {
        var fs = new MemoryFileSystem();
        using var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        const int keys = 400;
        // Invariant of every committed state: all keys carry the same round number.
        using (var batch = new WriteBatch())
        {
            for (var i = 0; i < keys; i++) batch.Put(cf, K(i), BigEndian(0));
            e.Write(batch);
        }
        var writer = Task.Run(() =>
        {
            for (long round = 1; round <= 60; round++)
            {
                using var batch = new WriteBatch();
                for (var i = 0; i < keys; i++) batch.Put(cf, K(i), BigEndian(round));
                e.Write(batch);
                if (round % 10 == 0) e.Flush();
            }
        });
        var scans = 0;
        while (!writer.IsCompleted || scans < 5)
        {
            using var it = e.NewIterator(cf);
            byte[]? first = null;
            var n = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), n++)
            {
                first ??= it.Value.ToArray();
                Assert.True(it.Value.SequenceEqual(first), $"scan {scans} mixes two rounds at key {n}");
            }
            Assert.Equal(keys, n);
            scans++;
        }
        await writer;
        e.VerifyTrees();
        output.WriteLine($"{scans} consistent scans during 60 rounds");
    }

    [Fact]
    public async Task Writers_queued_behind_a_slow_log_sync_are_committed_together_with_one_sync()
    {
        var fs = new GatedSyncFileSystem(new MemoryFileSystem());
        using var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var before = e.GetMetrics().Counters;
        fs.Hold();
        var first = Task.Run(() => e.Put(cf, K("first"), K("1"), WriteOptions.Synced));
        WaitFor(() => fs.Blocked == 1, "the first writer to reach the log sync");
        var followers = Enumerable.Range(0, 3).Select(i => Task.Run(() => e.Put(cf, K($"f{i}"), K("x"), WriteOptions.Synced))).ToArray();
        WaitFor(() => e.QueuedWriters == 4, "three writers to queue behind the sync");
        fs.Release();
        await first;
        await Task.WhenAll(followers);
        var after = e.GetMetrics().Counters;
        Assert.Equal(4, after["btree.wal.batches"] - before["btree.wal.batches"]);
        Assert.Equal(2, after["btree.wal.groups"] - before["btree.wal.groups"]); // the first alone, then the three together
        for (var i = 0; i < 3; i++) Assert.Equal(K("x"), e.Get(cf, K($"f{i}")));
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) Assert.Fail($"timed out waiting for {what}");
            Thread.Yield();
        }
    }

    [Fact]
    public async Task Concurrent_synced_writers_are_group_committed_and_all_survive_a_crash()
    {
        var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
        var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db");
        const int threads = 4, perThread = 150;
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < perThread; i++) e.Put(cf, K($"t{t}-{i:D4}"), K($"v{i}"), WriteOptions.Synced);
        })).ToArray();
        await Task.WhenAll(tasks);
        var m = e.GetMetrics().Counters;
        Assert.Equal(threads * perThread, m["btree.wal.batches"]);
        output.WriteLine($"{m["btree.wal.batches"]} batches in {m["btree.wal.groups"]} commit groups");
        faults.SimulateCrash();
        e.Dispose();
        using var r = BTreeTestEngines.Open(faults, "/db");
        for (var t = 0; t < threads; t++)
            for (var i = 0; i < perThread; i++)
                Assert.Equal(K($"v{i}"), r.Get(r.DefaultColumnFamily(), K($"t{t}-{i:D4}")));
    }
}
