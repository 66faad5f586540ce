using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    /// <summary>Binary keys that stress bytewise order: empty, 0x00 and 0xFF bytes, prefixes, a maximum-length key.</summary>
    protected static byte[][] AwkwardKeys()
    {
        var longKey = new byte[WriteBatch.MaxKeySize];
        for (var i = 0; i < longKey.Length; i++) longKey[i] = (byte)('a' + i % 26);
        var longKeyPlus = (byte[])longKey.Clone();
        longKeyPlus[^1] = 0xFF;
        return
        [
            [],
            [0x00],
            [0x00, 0x00],
            [0x00, 0xFF],
            [0x01],
            [0x7F],
            [0x80],
            [0xFE, 0xFF],
            [0xFF],
            [0xFF, 0x00],
            [0xFF, 0xFF, 0xFF],
            K("a"),
            K("a\0"),
            K("ab"),
            K("abc"),
            K("b"),
            longKey,
            longKeyPlus,
        ];
    }

    [Fact]
    public void Iteration_is_in_bytewise_order_with_binary_keys()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var keys = AwkwardKeys();
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        // insert in a scrambled order, half before a flush and half after, so both memory and disk structures are merged
        var order = Enumerable.Range(0, keys.Length).OrderBy(i => (i * 7919) % keys.Length).ToArray();
        for (var n = 0; n < order.Length; n++)
        {
            var k = keys[order[n]];
            var v = n % 3 == 0 ? Array.Empty<byte>() : K($"v{n}");
            e.Put(cf, k, v);
            model[k] = v;
            if (n == order.Length / 2) e.Flush();
        }
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "full scan");
        foreach (var (k, v) in model) Assert.Equal(v, e.Get(cf, k));
    }

    [Fact]
    public void Iterator_bounds_are_inclusive_lower_and_exclusive_upper()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, K(i), K($"v{i}"));
        e.Flush();
        for (var i = 100; i < 150; i++) e.Put(cf, K(i), K($"v{i}"));
        var ro = new ReadOptions { LowerBound = K(20), UpperBound = K(120) };
        using var it = e.NewIterator(cf, ro);
        it.SeekToFirst();
        var seen = new List<int>();
        for (; it.Valid; it.Next()) seen.Add(int.Parse(System.Text.Encoding.ASCII.GetString(it.Key)[3..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(20, 100), seen);

        it.Seek(K(5)); // before the lower bound: clamps to it
        Assert.True(it.Valid);
        Assert.Equal(K(20), it.Key.ToArray());
        it.Seek(K(50));
        Assert.Equal(K(50), it.Key.ToArray());
        Assert.Equal(K("v50"), it.Value.ToArray());
        it.Seek(K("key00000050\0")); // between keys: the next one
        Assert.Equal(K(51), it.Key.ToArray());
        it.Seek(K(120)); // at the upper bound: nothing
        Assert.False(it.Valid);
        it.Seek(K(999));
        Assert.False(it.Valid);
    }

    [Fact]
    public void Empty_ranges_and_empty_column_families_iterate_nothing()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        using (var it = e.NewIterator(e.GetColumnFamily("write")))
        {
            it.SeekToFirst();
            Assert.False(it.Valid);
        }
        e.Put(cf, K("m"), K("1"));
        using (var it = e.NewIterator(cf, new ReadOptions { LowerBound = K("n"), UpperBound = K("z") }))
        {
            it.SeekToFirst();
            Assert.False(it.Valid);
        }
        using (var it = e.NewIterator(cf, new ReadOptions { LowerBound = K("a"), UpperBound = K("m") }))
        {
            it.SeekToFirst();
            Assert.False(it.Valid);
        }
    }

    [Fact]
    public void Iterators_skip_deleted_keys_including_deletes_of_flushed_data()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 50; i++) e.Put(cf, K(i), K($"v{i}"));
        e.Flush();
        for (var i = 0; i < 50; i += 2) e.Delete(cf, K(i));
        using var it = e.NewIterator(cf);
        it.SeekToFirst();
        var n = 0;
        for (; it.Valid; it.Next())
        {
            Assert.Equal(K(2 * n + 1), it.Key.ToArray());
            n++;
        }
        Assert.Equal(25, n);
    }

    [Fact]
    public void An_iterator_keeps_the_view_of_its_creation_while_writes_continue()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, K(i), K("old"));
        using var it = e.NewIterator(cf);
        for (var i = 0; i < 100; i++)
        {
            if (i % 2 == 0) e.Delete(cf, K(i));
            else e.Put(cf, K(i), K("new"));
        }
        e.Put(cf, K(1000), K("new"));
        e.Flush();
        it.SeekToFirst();
        var n = 0;
        for (; it.Valid; it.Next(), n++)
        {
            Assert.Equal(K(n), it.Key.ToArray());
            Assert.Equal(K("old"), it.Value.ToArray());
        }
        Assert.Equal(100, n);
    }
}
