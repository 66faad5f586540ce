using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    [Fact]
    public void A_snapshot_sees_the_state_at_its_creation()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var lk = e.GetColumnFamily("lock");
        e.Put(cf, K("a"), K("1"));
        e.Put(cf, K("b"), K("1"));
        e.Put(lk, K("a"), K("lock"));
        using var snap = e.GetSnapshot();
        e.Put(cf, K("a"), K("2"));
        e.Delete(cf, K("b"));
        e.Put(cf, K("c"), K("2"));
        e.Delete(lk, K("a"));
        e.Flush();
        e.CompactRange(cf);
        var ro = new ReadOptions { Snapshot = snap };
        Assert.Equal(K("1"), e.Get(cf, K("a"), ro));
        Assert.Equal(K("1"), e.Get(cf, K("b"), ro));
        Assert.Null(e.Get(cf, K("c"), ro));
        Assert.Equal(K("lock"), e.Get(lk, K("a"), ro));
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance) { [K("a")] = K("1"), [K("b")] = K("1") };
        ModelAssert.ScanEquals(model, e, cf, ro, "snapshot scan");
        Assert.Equal(K("2"), e.Get(cf, K("a")));
        Assert.Null(e.Get(cf, K("b")));
    }

    [Fact]
    public async Task Snapshots_stay_consistent_under_concurrent_writes()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        const int keys = 64;
        for (var i = 0; i < keys; i++) e.Put(cf, K(i), BigEndian(0));
        var stop = false;
        var writer = Task.Run(() =>
        {
            // every batch sets all keys to the same generation, so any consistent view shows one generation
            for (long gen = 1; !Volatile.Read(ref stop) && gen < 5000; gen++)
            {
                using var batch = new WriteBatch();
                for (var i = 0; i < keys; i++) batch.Put(cf, K(i), BigEndian(gen));
                e.Write(batch);
                if (gen % 250 == 0) e.Flush();
            }
        });
        try
        {
            for (var round = 0; round < 40; round++)
            {
                using var snap = e.GetSnapshot();
                var ro = new ReadOptions { Snapshot = snap };
                var first = e.Get(cf, K(0), ro)!;
                for (var i = 1; i < keys; i++) Assert.Equal(first, e.Get(cf, K(i), ro));
                using var it = e.NewIterator(cf, ro);
                var n = 0;
                for (it.SeekToFirst(); it.Valid; it.Next(), n++) Assert.Equal(first, it.Value.ToArray());
                Assert.Equal(keys, n);
                // the same snapshot read again later gives the same answer
                Assert.Equal(first, e.Get(cf, K(keys - 1), ro));
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            await writer.WaitAsync(TimeSpan.FromMinutes(2));
        }
    }

    [Fact]
    public void Snapshot_sequences_increase_and_release_is_idempotent()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var s1 = e.GetSnapshot();
        e.Put(cf, K("x"), K("1"));
        var s2 = e.GetSnapshot();
        Assert.True(s2.Sequence > s1.Sequence, $"snapshot after a write has a higher sequence ({s2.Sequence} vs {s1.Sequence})");
        s1.Dispose();
        s1.Dispose();
        Assert.Equal(K("1"), e.Get(cf, K("x"), new ReadOptions { Snapshot = s2 }));
        s2.Dispose();
    }
}
