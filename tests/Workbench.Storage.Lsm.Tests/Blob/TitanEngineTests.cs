using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>Titan inside the LSM: separation, lazy values, GC, snapshots, modes, per-CF inline, durability across crashes.</summary>
public sealed class TitanEngineTests(ITestOutputHelper output)
{
    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    private static byte[] Value(int i, int round, int size)
    {
        var v = new byte[size];
        for (var j = 0; j < v.Length; j++) v[j] = (byte)(i * 31 + round * 7 + j);
        return v;
    }

    private static void Fill(IKvEngine e, int keys, int round, int size, bool sync = false)
    {
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < keys; i++) e.Put(cf, Key(i), Value(i, round, size), sync ? WriteOptions.Synced : null);
    }

    private static void Verify(IKvEngine e, int keys, int round, int size, ReadOptions? ro = null)
    {
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < keys; i++) Assert.Equal(Value(i, round, size), e.Get(cf, Key(i), ro));
        using var it = e.NewIterator(cf, ro);
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            Assert.Equal(Key(n), it.Key.ToArray());
            Assert.Equal(Value(n, round, size), it.Value.ToArray());
            n++;
        }
        Assert.Equal(keys, n);
    }

    private static long Counter(IKvEngine e, string name) => e.GetMetrics().Counters[name];

    private static int BlobFilesOnDisk(IFileSystem fs) => fs.ListFiles("/db").Count(n => n.EndsWith(".blob", StringComparison.Ordinal));

    [Fact]
    public void Large_values_go_to_blob_files_and_small_ones_stay_inline()
    {
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc("512"));
        Assert.Equal("titan", e.Name);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, Key(i), Value(i, 0, i % 2 == 0 ? 1000 : 100));
        e.Flush();
        var written = Counter(e, "titan.blob.records_written");
        Assert.Equal(50, written);
        Assert.True(BlobFilesOnDisk(fs) > 0);
        Assert.True(e.GetMetrics().Io.BytesWritten(WriteCategory.Blob) >= 50 * 1000);
        for (var i = 0; i < 100; i++) Assert.Equal(Value(i, 0, i % 2 == 0 ? 1000 : 100), e.Get(cf, Key(i)));
        var stats = e.GetProperty("stats")!;
        Assert.Contains("Titan (blob files)", stats, StringComparison.Ordinal);
        Assert.Contains("space amplification", stats, StringComparison.Ordinal);
    }

    [Fact]
    public void Iterators_load_separated_values_only_when_asked_and_read_ahead()
    {
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc("100"));
        Fill(e, 300, 0, 1000);
        e.Flush();
        var before = Counter(e, "titan.blob.values_read");
        using (var it = e.NewIterator(e.DefaultColumnFamily()))
        {
            var n = 0;
            for (it.SeekToFirst(); it.Valid; it.Next()) n++;
            Assert.Equal(300, n);
        }
        Assert.Equal(before, Counter(e, "titan.blob.values_read")); // keys only: no blob reads
        var reads = e.GetMetrics().Io.ReadOps;
        Verify(e, 300, 0, 1000);
        Assert.Equal(before + 600, Counter(e, "titan.blob.values_read")); // 300 gets + 300 iterator values
        Assert.True(e.GetMetrics().Io.ReadOps > reads);
    }

    [Fact]
    public void ApproximateValueSize_comes_from_the_blob_index_without_a_blob_read()
    {
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc("512"));
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, Key(i), Value(i, 0, i % 2 == 0 ? 1000 : 100));
        e.Flush();
        var before = Counter(e, "titan.blob.values_read");
        long separated = 0, inline = 0;
        using (var it = e.NewIterator(cf))
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var size = it.ApproximateValueSize;
                if (size >= 1000) separated += size;
                else
                {
                    Assert.Equal(100, size); // an inline value: its length
                    inline += size;
                }
            }
        Assert.Equal(before, Counter(e, "titan.blob.values_read")); // sizes only: no blob reads
        Assert.Equal(50 * 100, inline);
        // A separated value's size is its record's (value + key + header), so ≥ the value and close to it.
        Assert.InRange(separated, 50 * 1000, 50 * 1100);
    }

    [Fact]
    public void Gc_reclaims_overwritten_values_and_restart_keeps_exactly_the_live_files()
    {
        var fs = new MemoryFileSystem();
        var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        for (var round = 0; round < 3; round++)
        {
            Fill(e, 300, round, 1000);
            e.Flush();
        }
        e.CompactRange(e.DefaultColumnFamily());
        var garbageBefore = Counter(e, "titan.blob.garbage_bytes");
        var filesBefore = Counter(e, "titan.blob.files");
        Assert.True(garbageBefore > 300 * 1000, $"two overwritten rounds should be garbage, tracker says {garbageBefore}");

        Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0);
        e.Flush(); // GC rewrites reach the SSTs, so the new files' live bytes are accounted
        Verify(e, 300, 2, 1000);
        Assert.True(Counter(e, "titan.gc.files_deleted") > 0);
        Assert.True(Counter(e, "titan.blob.files") < filesBefore + 1);
        Assert.True(Counter(e, "titan.blob.garbage_bytes") < garbageBefore / 4, e.GetProperty("stats"));
        Assert.True(e.GetMetrics().Io.BytesWritten(WriteCategory.BlobGc) > 0);
        var live = TitanTestEngines.Blobs(e).Files.Snapshot().Select(f => f.Number).Order().ToArray();
        e.Dispose();

        e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        Assert.Equal(live, TitanTestEngines.Blobs(e).Files.Snapshot().Select(f => f.Number).Order().ToArray());
        Assert.Equal(live.Length, BlobFilesOnDisk(fs));
        Verify(e, 300, 2, 1000);
        e.Dispose();
    }

    [Fact]
    public void A_snapshot_older_than_the_gc_keeps_the_old_files_readable_until_released()
    {
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        Fill(e, 200, 0, 800);
        e.Flush();
        var snap = e.GetSnapshot();
        Fill(e, 200, 1, 800);
        e.Flush();
        e.CompactRange(e.DefaultColumnFamily());
        TitanTestEngines.RunGcUntilIdle(e);
        var store = TitanTestEngines.Blobs(e);
        Assert.True(store.PendingDeleteCount > 0);
        Verify(e, 200, 0, 800, new ReadOptions { Snapshot = snap });
        Verify(e, 200, 1, 800);
        var filesWithSnapshot = BlobFilesOnDisk(fs);
        snap.Dispose();
        TitanTestEngines.RunGcUntilIdle(e);
        Assert.Equal(0, store.PendingDeleteCount);
        Assert.True(BlobFilesOnDisk(fs) < filesWithSnapshot);
        Verify(e, 200, 1, 800);
    }

    [Fact]
    public void A_gc_rewrite_is_dropped_when_the_key_moved_on_inside_the_write_path()
    {
        var fs = new MemoryFileSystem();
        using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        var store = TitanTestEngines.Blobs(e);
        var cf = e.DefaultColumnFamily();
        e.Put(cf, Key(1), Value(1, 0, 500));
        e.Put(cf, Key(2), Value(2, 0, 500));
        e.Flush();
        var file = TitanTestEngines.Blobs(e).Files.Snapshot().Single();
        var first = new BlobIndex(file.Number, BlobFileFormat.HeaderSize, BlobRecord.EncodedLength(Key(1).Length, 500));
        var second = first with { Offset = first.Offset + first.Size };
        Assert.True(store.IsBlobLive(cf.Id, Key(1), first));
        Assert.True(store.IsBlobLive(cf.Id, Key(2), second));
        e.Put(cf, Key(1), Value(1, 1, 500)); // the user overwrites key 1 after GC read its record
        var fake = new BlobIndex(file.Number, first.Offset, first.Size); // a copy that points at the same bytes
        var applied = store.WriteBlobRewrites(cf.Id, [new BlobRewrite(Key(1), first, fake), new BlobRewrite(Key(2), second, second)], out _);
        Assert.Equal([false, true], applied);
        Assert.Equal(Value(1, 1, 500), e.Get(cf, Key(1)));
        Assert.Equal(Value(2, 0, 500), e.Get(cf, Key(2)));
    }

    [Fact]
    public void Fallback_mode_writes_values_back_inline_during_compaction()
    {
        var fs = new MemoryFileSystem();
        // One memtable per fill and no automatic compaction: the manual compaction sees every entry.
        var normal = TitanTestEngines.ManualGc();
        normal["write_buffer_size"] = "1MB";
        normal["level0_file_num_compaction_trigger"] = "4";
        var e = TitanTestEngines.Open(fs, "/db", overrides: normal);
        Fill(e, 200, 0, 700);
        e.Flush();
        e.Dispose();
        var fallback = new Dictionary<string, string>(normal);
        fallback["titan_mode"] = "fallback";
        e = TitanTestEngines.Open(fs, "/db", overrides: fallback);
        Fill(e, 50, 1, 700); // new values stay inline at flush in fallback mode
        e.Flush();
        Assert.Equal(0, Counter(e, "titan.blob.records_written"));
        e.CompactRange(e.DefaultColumnFamily());
        Assert.True(Counter(e, "titan.fallback.values_inlined") >= 150);
        TitanTestEngines.RunGcUntilIdle(e); // every blob record is now dead: the files go
        Assert.Equal(0, Counter(e, "titan.blob.files"));
        Assert.Equal(0, BlobFilesOnDisk(fs));
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 200; i++) Assert.Equal(Value(i, i < 50 ? 1 : 0, 700), e.Get(cf, Key(i)));
        e.Dispose();
    }

    [Fact]
    public void A_column_family_can_keep_its_values_inline()
    {
        var fs = new MemoryFileSystem();
        var cfOptions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["lock"] = new Dictionary<string, string> { ["min_blob_size"] = "1GB" } };
        using var e = TitanTestEngines.Open(fs, "/db", ["default", "lock"], TitanTestEngines.ManualGc(), cfOptions);
        var lk = e.GetColumnFamily("lock");
        for (var i = 0; i < 100; i++) e.Put(lk, Key(i), Value(i, 0, 1000));
        e.Flush();
        Assert.Equal(0, Counter(e, "titan.blob.records_written"));
        for (var i = 0; i < 100; i++) e.Put(e.DefaultColumnFamily(), Key(i), Value(i, 0, 1000));
        e.Flush();
        Assert.Equal(100, Counter(e, "titan.blob.records_written"));
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("brotli", false)] // the values are byte ramps: compressed records, copied compressed by GC
    [InlineData("none", true)]    // level merge: compactions rewrite records too
    public void Crashes_during_and_after_gc_lose_no_synced_write_and_leave_no_dangling_index(string compression, bool levelMerge)
    {
        var seed = TestSeed.Fresh(output); // printed before any step runs, so every outcome (not only a failed assertion) names its seed
        var rng = new Random(seed);
        var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
        var options = TitanTestEngines.ManualGc();
        options["blob_compression"] = compression;
        options["level_merge"] = levelMerge ? "true" : "false";
        var e = TitanTestEngines.Open(fs, "/db", overrides: options);
        var model = new Dictionary<int, int>(); // key → round of its synced value
        long compressedRecords = 0;
        for (var step = 0; step < 12; step++)
        {
            var round = step + 1;
            for (var n = 0; n < 150; n++)
            {
                var k = rng.Next(200);
                e.Put(e.DefaultColumnFamily(), Key(k), Value(k, round, 600), WriteOptions.Synced);
                model[k] = round;
            }
            if (rng.Next(2) == 0) e.Flush();
            if (rng.Next(3) == 0) e.CompactRange(e.DefaultColumnFamily());
            var crashInGc = rng.Next(3) == 0;
            if (crashInGc)
            {
                // Fail the nth blob-related write: the GC stops part-way (before or after recording
                // its new files, before or during the rewrite), then the machine crashes.
                fs.FailNth(FaultKind.Write, 1 + rng.Next(6), pathContains: rng.Next(2) == 0 ? ".blob" : "BLOBMANIFEST");
            }
            try
            {
                TitanTestEngines.RunGcUntilIdle(e);
            }
            catch (Exception ex) when (ex is IOException or EngineWriteStoppedException)
            {
                // The injected fault may also hit a background flush (its blob files are recorded
                // in the blob manifest too): then the engine stops writes, as it must.
                Assert.True(crashInGc, $"seed {seed}: unexpected IO failure {ex.Message}");
            }
            fs.ClearFaults();
            if (crashInGc || rng.Next(3) == 0)
            {
                compressedRecords += Counter(e, "titan.blob.records_compressed");
                fs.SimulateCrash();
                try { e.Dispose(); } catch (IOException) { } catch (StorageException) { }
                e = TitanTestEngines.Open(fs, "/db", overrides: options);
            }
            var cf = e.DefaultColumnFamily();
            foreach (var (k, r) in model)
                Assert.True(Value(k, r, 600).AsSpan().SequenceEqual(e.Get(cf, Key(k))), $"seed {seed} (WORKBENCH_SEED), step {step}: key {k} lost its synced value of round {r}");
            using var it = e.NewIterator(cf);
            var count = 0;
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                _ = it.Value; // every index must resolve to a checked record
                count++;
            }
            Assert.Equal(model.Count, count);
        }
        compressedRecords += Counter(e, "titan.blob.records_compressed");
        e.Dispose();
        if (compression == "brotli") Assert.True(compressedRecords > 0, $"seed {seed}: no record was compressed, so the test checked nothing about compression");
        else Assert.Equal(0, compressedRecords);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Level_merge_moves_records_down_with_compaction_and_empties_files_gc_would_copy(bool levelMerge)
    {
        var fs = new MemoryFileSystem();
        var options = TitanTestEngines.ManualGc();
        options["level_merge"] = levelMerge ? "true" : "false";
        options["merge_small_file_threshold"] = "0"; // no merging of small files: GC copies only to reclaim garbage
        using var e = TitanTestEngines.Open(fs, "/db", overrides: options);
        var cf = e.DefaultColumnFamily();
        var blobs = TitanTestEngines.Blobs(e);
        var rounds = new int[120];
        void Write(int i, int round)
        {
            e.Put(cf, Key(i), Value(i, round, 700));
            rounds[i] = round;
        }
        for (var i = 0; i < 120; i++) Write(i, 0);
        e.CompactRange(cf); // into the deepest level
        var deepest = blobs.Files.Snapshot().Max(f => f.Level);
        var stranded = blobs.Files.Snapshot().Where(f => blobs.Tracker.LiveBytes(f.Number) > 0 && f.Level < deepest).ToList();
        if (levelMerge) Assert.Empty(stranded); // every live record now sits in a file of the deepest level
        else Assert.Equal(0, deepest);         // separated at flush, never moved

        for (var i = 0; i < 120; i++)
            if (i % 3 != 0) Write(i, 1);
        e.CompactRange(cf); // two thirds of the first files' records die at install
        Write(0, 2);
        Write(119, 2);
        e.CompactRange(cf); // spans every bottom file: level merge moves the survivors of mostly-dead files
        TitanTestEngines.RunGcUntilIdle(e);
        if (levelMerge)
        {
            Assert.True(Counter(e, "titan.level_merge.records") >= 120 + 80 + 38, $"level merge rewrote {Counter(e, "titan.level_merge.records")} records");
            Assert.Equal(0, Counter(e, "titan.gc.bytes_written")); // compaction emptied the files: GC only deletes
        }
        else
        {
            Assert.Equal(0, Counter(e, "titan.level_merge.records"));
            Assert.True(Counter(e, "titan.gc.bytes_written") > 0, "without level merge GC must copy the survivors out of mostly-dead files");
        }
        for (var i = 0; i < 120; i++) Assert.Equal(Value(i, rounds[i], 700), e.Get(cf, Key(i)));
    }

    [Theory]
    [InlineData("level_merge")]
    [InlineData("fallback")]
    public void A_file_emptied_by_a_compaction_outlives_the_iterators_that_pinned_the_older_tables(string moveBy)
    {
        var fs = new MemoryFileSystem();
        var options = TitanTestEngines.ManualGc();
        options["merge_small_file_threshold"] = "0";
        options["write_buffer_size"] = "1MB"; // one flush, one L0 table: no background compaction races the test
        if (moveBy == "level_merge") options["level_merge"] = "true";
        var e = TitanTestEngines.Open(fs, "/db", overrides: options);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 60; i++) e.Put(cf, Key(i), Value(i, 0, 700));
        e.Flush(); // one level-0 blob file, referenced by one L0 table
        var it = e.NewIterator(cf); // pins that table (and, implicitly, the current sequence)
        if (moveBy == "fallback")
        {
            e.Dispose();
            options["titan_mode"] = "fallback";
            e = TitanTestEngines.Open(fs, "/db", overrides: options);
            cf = e.DefaultColumnFamily();
            it.Dispose();
            it = e.NewIterator(cf);
        }
        var deletedBefore = Counter(e, "titan.gc.files_deleted");
        e.CompactRange(cf); // the records move (into a deeper-level blob file, or inline): the old file is dead in the current version
        TitanTestEngines.RunGcUntilIdle(e);
        Assert.Equal(deletedBefore, Counter(e, "titan.gc.files_deleted")); // the iterator's table still points into it
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            Assert.Equal(Value(n, 0, 700), it.Value.ToArray());
            n++;
        }
        Assert.Equal(60, n);
        it.Dispose(); // the old table becomes obsolete: now GC may delete the file
        TitanTestEngines.RunGcUntilIdle(e);
        Assert.True(Counter(e, "titan.gc.files_deleted") > deletedBefore, "the emptied file is deleted once no iterator needs it");
        for (var i = 0; i < 60; i++) Assert.Equal(Value(i, 0, 700), e.Get(cf, Key(i)));
        e.Dispose();
    }

    [Fact]
    public void Gc_of_a_partly_dead_file_waits_for_an_iterator_at_exactly_the_gc_sequence()
    {
        var fs = new MemoryFileSystem();
        var options = TitanTestEngines.ManualGc();
        options["merge_small_file_threshold"] = "0";
        options["write_buffer_size"] = "1MB";
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: options))
        {
            var cf0 = e.DefaultColumnFamily();
            for (var i = 0; i < 10; i++) e.Put(cf0, Key(i), Value(i, 0, 700));
            e.Flush();
            for (var i = 5; i < 10; i++) e.Put(cf0, Key(i), Value(i, 1, 700));
            e.CompactRange(cf0); // one table: k0..k4 in the first blob file (now half dead), k5..k9 in the second
        }
        options["titan_mode"] = "fallback";
        using var f = TitanTestEngines.Open(fs, "/db", overrides: options);
        var cf = f.DefaultColumnFamily();
        f.Put(cf, Key(0), Value(0, 2, 700));
        f.Flush();
        using var it = f.NewIterator(cf); // its snapshot is the last sequence: nothing is written after this
        f.CompactRange(cf);               // fallback inlines every value; the old table stays pinned by the iterator
        TitanTestEngines.RunGcUntilIdle(f); // the half-dead file qualifies; GC rewrites nothing, so its sequence equals the iterator's
        var n = 0;
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            Assert.Equal(Value(n, n == 0 ? 2 : n < 5 ? 0 : 1, 700), it.Value.ToArray());
            n++;
        }
        Assert.Equal(10, n);
    }

    [Fact]
    public void The_plain_lsm_engine_refuses_a_titan_database()
    {
        var fs = new MemoryFileSystem();
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc())) Fill(e, 10, 0, 500);
        var ex = Assert.Throws<EngineConfigException>(() => new EngineRegistry().Register(new LsmEngineFactory()).Open(new EngineConfig("lsm"), "/db", fs, ["default"]));
        Assert.Contains("titan", ex.Message, StringComparison.Ordinal);
        using var again = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
        Verify(again, 10, 0, 500);
    }
}
