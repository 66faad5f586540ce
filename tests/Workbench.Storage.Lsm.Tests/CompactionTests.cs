using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

public class CompactionTests(ITestOutputHelper output)
{
    private int Seed(string name) => TestSeed.Fresh(output, $"{nameof(CompactionTests)}.{name}");

    /// <summary>
    /// Random puts and deletes over a small key space with background flushes and compactions and
    /// manual compactions, while snapshots are held: every snapshot must keep reading exactly the
    /// model state of its moment (point reads and scans), and so must the latest state.
    /// </summary>
    [Fact]
    public void Randomized_writes_with_held_snapshots_match_the_model_through_compactions()
    {
        var seed = Seed(nameof(Randomized_writes_with_held_snapshots_match_the_model_through_compactions));
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var model = new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        var held = new List<(IEngineSnapshot Snap, SortedDictionary<byte[], byte[]> Model)>();
        const int keySpace = 400;
        for (var op = 0; op < 12_000; op++)
        {
            var key = K(rng.Next(keySpace));
            var r = rng.Next(100);
            if (r < 60)
            {
                var v = RandomBytes(rng, 0, 200);
                e.Put(cf, key, v);
                model[key] = v;
            }
            else if (r < 85)
            {
                e.Delete(cf, key);
                model.Remove(key);
            }
            else if (r < 88)
            {
                using var batch = new WriteBatch();
                for (var j = 0; j < 10; j++)
                {
                    var k = K(rng.Next(keySpace));
                    if (rng.Next(2) == 0) { var v = RandomBytes(rng, 1, 50); batch.Put(cf, k, v); model[k] = v; }
                    else { batch.Delete(cf, k); model.Remove(k); }
                }
                e.Write(batch);
            }
            if (rng.Next(400) == 0) held.Add((e.GetSnapshot(), new SortedDictionary<byte[], byte[]>(model, ByteKeyComparer.Instance)));
            if (held.Count > 0 && rng.Next(900) == 0)
            {
                var i = rng.Next(held.Count);
                Verify(e, cf, held[i].Snap, held[i].Model, $"seed {seed}, op {op}, snapshot {held[i].Snap.Sequence}");
                held[i].Snap.Dispose();
                held.RemoveAt(i);
            }
            if (rng.Next(3000) == 0) e.CompactRange(cf);
            if (rng.Next(1500) == 0) e.Flush();
        }
        e.Flush();
        foreach (var (snap, m) in held) Verify(e, cf, snap, m, $"seed {seed}, end, snapshot {snap.Sequence}");
        Verify(e, cf, null, model, $"seed {seed}, latest");
        e.CompactRange(cf);
        foreach (var (snap, m) in held) Verify(e, cf, snap, m, $"seed {seed}, after full compaction, snapshot {snap.Sequence}");
        Verify(e, cf, null, model, $"seed {seed}, latest after full compaction");
        var metrics = e.GetMetrics();
        Assert.True(metrics.Counters["compaction.count"] > 0, "no compaction ran");
        Assert.True(metrics.Io.BytesWritten(WriteCategory.Compaction) > 0);
        foreach (var (snap, _) in held) snap.Dispose();
    }

    private static void Verify(IKvEngine e, ColumnFamilyHandle cf, IEngineSnapshot? snap, SortedDictionary<byte[], byte[]> model, string context)
    {
        var ro = new ReadOptions { Snapshot = snap };
        for (var i = 0; i < 400; i++)
        {
            var k = K(i);
            var got = e.Get(cf, k, ro);
            model.TryGetValue(k, out var want);
            if (want is null) Assert.True(got is null, $"{context}: key {i} should be absent, read {Show(got ?? [])}");
            else Assert.True(got is not null && got.AsSpan().SequenceEqual(want), $"{context}: key {i} read {(got is null ? "nothing" : Show(got))}, expected {Show(want)}");
        }
        using var it = e.NewIterator(cf, ro);
        using var m = model.GetEnumerator();
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            Assert.True(m.MoveNext(), $"{context}: scan has extra key {Show(it.Key)}");
            Assert.True(it.Key.SequenceEqual(m.Current.Key), $"{context}: scan key {Show(it.Key)}, expected {Show(m.Current.Key)}");
            Assert.True(it.Value.SequenceEqual(m.Current.Value), $"{context}: scan value of {Show(it.Key)} differs");
        }
        Assert.False(m.MoveNext(), $"{context}: scan misses keys");
    }

    [Fact]
    public void Tombstones_and_old_versions_are_dropped_at_the_bottom_level_unless_a_snapshot_needs_them()
    {
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 2000; i++) e.Put(cf, K(i), new byte[50]);
        e.CompactRange(cf);
        var snap = e.GetSnapshot();
        for (var i = 0; i < 2000; i++) e.Delete(cf, K(i));
        e.CompactRange(cf);
        // the snapshot still needs the values (and so the tombstones that hide them from the present)
        Assert.Equal(50, e.Get(cf, K(5), new ReadOptions { Snapshot = snap })!.Length);
        Assert.Null(e.Get(cf, K(5)));
        Assert.NotEqual(0, e.GetMetrics().Counters["level.6.bytes"] + e.GetMetrics().Counters["level.1.bytes"] + Sum(e, "bytes"));
        snap.Dispose();
        e.CompactRange(cf);
        Assert.Equal(0, Sum(e, "files"));
        using var it = e.NewIterator(cf);
        it.SeekToFirst();
        Assert.False(it.Valid);
    }

    private static long Sum(IKvEngine e, string what)
    {
        long s = 0;
        foreach (var (k, v) in e.GetMetrics().Counters)
            if (k.StartsWith("level.", StringComparison.Ordinal) && k.EndsWith("." + what, StringComparison.Ordinal)) s += v;
        return s;
    }

    [Fact]
    public void Background_compaction_keeps_L0_bounded_and_builds_sorted_levels()
    {
        var fs = new MemoryFileSystem();
        using var e = LsmTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var rng = new Random(7);
        for (var i = 0; i < 20_000; i++) e.Put(cf, K(rng.Next(5000)), new byte[64]);
        e.Flush();
        var m = e.GetMetrics();
        Assert.True(m.Counters["compaction.count"] > 0);
        Assert.True(m.Counters["level.0.files"] <= 12, $"L0 has {m.Counters["level.0.files"]} files");
        Assert.True(m.Counters["level.1.files"] + m.Counters["level.2.files"] + m.Counters["level.3.files"] > 0);
        var stats = e.GetProperty("stats")!;
        output.WriteLine(stats);
        Assert.Contains("W-Amp", stats, StringComparison.Ordinal);
        Assert.Contains("L1", stats, StringComparison.Ordinal);
        // the engine's own breakdown adds up: every byte written is in exactly one category
        var io = m.Io;
        Assert.Equal(io.TotalBytesWritten, io.BytesWritten(WriteCategory.Wal) + io.BytesWritten(WriteCategory.Flush) + io.BytesWritten(WriteCategory.Compaction) + io.BytesWritten(WriteCategory.Manifest));
        Assert.True(io.BytesWritten(WriteCategory.Wal) >= m.Counters["user.bytes.written"]);
    }
}
