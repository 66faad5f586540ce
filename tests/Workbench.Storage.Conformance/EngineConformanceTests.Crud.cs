using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    [Fact]
    public void Put_then_get_returns_the_value_and_missing_keys_are_absent()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        e.Put(cf, K("apple"), K("red"));
        e.Put(cf, K("banana"), K("yellow"));
        Assert.Equal(K("red"), e.Get(cf, K("apple")));
        Assert.Equal(K("yellow"), e.Get(cf, K("banana")));
        Assert.Null(e.Get(cf, K("cherry")));
        Assert.Null(e.Get(cf, K("appl")));
        Assert.Null(e.Get(cf, K("apple\0")));
    }

    [Fact]
    public void Overwrite_returns_the_latest_value_and_delete_removes_it()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        e.Put(cf, K("k"), K("v1"));
        e.Put(cf, K("k"), K("v2-longer"));
        Assert.Equal(K("v2-longer"), e.Get(cf, K("k")));
        e.Delete(cf, K("k"));
        Assert.Null(e.Get(cf, K("k")));
        e.Delete(cf, K("never-written")); // deleting a missing key is not an error
        e.Put(cf, K("k"), K("v3"));
        Assert.Equal(K("v3"), e.Get(cf, K("k")));
    }

    [Fact]
    public void Empty_values_and_large_values_round_trip()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var large = new byte[1 << 20];
        new Random(7).NextBytes(large);
        e.Put(cf, K("empty"), []);
        e.Put(cf, K("large"), large);
        e.Put(cf, [], K("empty key"));
        Assert.Equal(Array.Empty<byte>(), e.Get(cf, K("empty")));
        Assert.Equal(large, e.Get(cf, K("large")));
        Assert.Equal(K("empty key"), e.Get(cf, []));
        e.Flush();
        Assert.Equal(Array.Empty<byte>(), e.Get(cf, K("empty")));
        Assert.Equal(large, e.Get(cf, K("large")));
        Assert.Equal(K("empty key"), e.Get(cf, []));
    }

    [Fact]
    public void Column_families_are_independent_key_spaces()
    {
        var e = Open();
        var a = e.GetColumnFamily("default");
        var b = e.GetColumnFamily("lock");
        e.Put(a, K("same"), K("in-default"));
        e.Put(b, K("same"), K("in-lock"));
        Assert.Equal(K("in-default"), e.Get(a, K("same")));
        Assert.Equal(K("in-lock"), e.Get(b, K("same")));
        e.Delete(a, K("same"));
        Assert.Null(e.Get(a, K("same")));
        Assert.Equal(K("in-lock"), e.Get(b, K("same")));
        Assert.Null(e.Get(e.GetColumnFamily("write"), K("same")));
        Assert.Equal(ColumnFamilyNames, e.ColumnFamilies.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void A_batch_applies_in_order_across_column_families()
    {
        var e = Open();
        var d = e.GetColumnFamily("default");
        var l = e.GetColumnFamily("lock");
        using var batch = new WriteBatch();
        batch.Put(d, K("x"), K("1")).Put(l, K("x"), K("lock-1")).Put(d, K("x"), K("2")).Delete(l, K("y")).Put(d, K("gone"), K("g")).Delete(d, K("gone"));
        Assert.Equal(6, batch.Count);
        e.Write(batch);
        Assert.Equal(K("2"), e.Get(d, K("x")));
        Assert.Equal(K("lock-1"), e.Get(l, K("x")));
        Assert.Null(e.Get(d, K("gone")));
    }

    [Fact]
    public void A_batch_naming_an_undeclared_column_family_is_rejected_whole()
    {
        var e = Open();
        var d = e.DefaultColumnFamily();
        using var batch = new WriteBatch();
        batch.Put(d, K("first"), K("1")).Put(ColumnFamilyNames.Length + 3, K("bad"), K("2"));
        Assert.ThrowsAny<ArgumentException>(() => e.Write(batch));
        Assert.Null(e.Get(d, K("first")));
        e.Put(d, K("after"), K("ok")); // the engine keeps working
        Assert.Equal(K("ok"), e.Get(d, K("after")));
    }

    [Fact]
    public async Task Batches_are_atomic_to_concurrent_readers_across_column_families()
    {
        var e = Open();
        var cfs = e.ColumnFamilies;
        const int rounds = 400;
        var done = false;
        var failures = new List<string>();
        var reader = Task.Run(() =>
        {
            while (!Volatile.Read(ref done))
            {
                using var snap = e.GetSnapshot();
                var ro = new ReadOptions { Snapshot = snap };
                var first = e.Get(cfs[0], K("counter"), ro);
                for (var i = 1; i < cfs.Count; i++)
                {
                    var other = e.Get(cfs[i], K("counter"), ro);
                    if (!Equals(first, other))
                    {
                        lock (failures) failures.Add($"cf {cfs[i].Name} shows {Show(other ?? [])}, cf {cfs[0].Name} shows {Show(first ?? [])}");
                        return;
                    }
                }
            }
        });
        for (var r = 1; r <= rounds; r++)
        {
            using var batch = new WriteBatch();
            foreach (var cf in cfs) batch.Put(cf, K("counter"), BigEndian(r));
            e.Write(batch);
            if (r % 100 == 0) e.Flush();
        }
        Volatile.Write(ref done, true);
        await reader.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(failures);
        foreach (var cf in cfs) Assert.Equal(BigEndian(rounds), e.Get(cf, K("counter")));

        static bool Equals(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }

    [Fact]
    public async Task Concurrent_writers_all_land()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        const int writers = 4, perWriter = 500;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < perWriter; i++) e.Put(cf, K($"w{w}-{i:D5}"), K($"value-{w}-{i}"));
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));
        for (var w = 0; w < writers; w++)
            for (var i = 0; i < perWriter; i++)
                Assert.Equal(K($"value-{w}-{i}"), e.Get(cf, K($"w{w}-{i:D5}")));
    }

    [Fact]
    public void Flush_and_compaction_preserve_every_entry()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var rng = new Random(11);
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 600; i++)
            {
                var k = K(rng.Next(900));
                if (rng.Next(5) == 0)
                {
                    e.Delete(cf, k);
                    model.Remove(k);
                }
                else
                {
                    var v = RandomBytes(rng, 0, 300);
                    e.Put(cf, k, v);
                    model[k] = v;
                }
            }
            e.Flush();
        }
        e.CompactRange(cf);
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default);
        foreach (var (k, v) in model) Assert.Equal(v, e.Get(cf, k));
    }

    [Fact]
    public void Compacting_key_ranges_keeps_every_entry_inside_and_outside_them()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 120; i++)
            {
                var k = K((i * 37 + round) % 100);
                if (i % 7 == round)
                {
                    e.Delete(cf, k);
                    model.Remove(k);
                }
                else
                {
                    var v = K($"v{round}.{i}");
                    e.Put(cf, k, v);
                    model[k] = v;
                }
            }
            e.Flush();
        }
        e.CompactRange(cf, new KeyRange(K(20), K(40)));
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after [20, 40)");
        e.CompactRange(cf, KeyRange.From(K(70)));
        e.CompactRange(cf, KeyRange.Below(K(10)));
        e.CompactRange(cf, new KeyRange([], [])); // empty range: a no-op, not "everything"
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after open-ended ranges");
        e.CompactRange(cf, KeyRange.All);
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after all");
        foreach (var (k, v) in model) Assert.Equal(v, e.Get(cf, k));
    }

    [Fact]
    public void Metrics_and_properties_are_available()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 200; i++) e.Put(cf, K(i), new byte[100]);
        e.Flush();
        var m = e.GetMetrics();
        Assert.NotNull(m.Io);
        Assert.True(m.DiskBytes > 0, "an engine holding 200 entries reports a positive DiskBytes");
        Assert.NotNull(e.GetProperty("stats"));
        Assert.Null(e.GetProperty("no.such.property"));
    }
}
