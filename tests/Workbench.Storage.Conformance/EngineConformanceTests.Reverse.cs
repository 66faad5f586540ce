using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    [Fact]
    public void Reverse_iteration_walks_every_key_backward_within_the_bounds()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, K(i), K($"v{i}"));
        e.Flush();
        for (var i = 100; i < 150; i++) e.Put(cf, K(i), K($"v{i}"));
        e.Delete(cf, K(60));

        using (var it = e.NewIterator(cf))
        {
            var seen = new List<byte[]>();
            for (it.SeekToLast(); it.Valid; it.Prev()) seen.Add(it.Key.ToArray());
            var expected = Enumerable.Range(0, 150).Where(i => i != 60).Reverse().Select(i => K(i)).ToList();
            Assert.Equal(expected, seen);
        }

        var ro = new ReadOptions { LowerBound = K(20), UpperBound = K(120) };
        using var bounded = e.NewIterator(cf, ro);
        bounded.SeekToLast();
        Assert.Equal(K(119), bounded.Key.ToArray());
        bounded.SeekForPrev(K(500)); // at or past the upper bound: the last key below it
        Assert.Equal(K(119), bounded.Key.ToArray());
        bounded.SeekForPrev(K(60)); // deleted: the key before it
        Assert.Equal(K(59), bounded.Key.ToArray());
        Assert.Equal(K("v59"), bounded.Value.ToArray());
        bounded.SeekForPrev(K("key00000050\0")); // between keys: the one before
        Assert.Equal(K(50), bounded.Key.ToArray());
        bounded.Next();
        Assert.Equal(K(51), bounded.Key.ToArray());
        bounded.Prev();
        Assert.Equal(K(50), bounded.Key.ToArray());
        bounded.Seek(K(21));
        bounded.Prev();
        Assert.Equal(K(20), bounded.Key.ToArray());
        bounded.Prev(); // past the lower bound
        Assert.False(bounded.Valid);
        bounded.SeekForPrev(K(5)); // below the lower bound
        Assert.False(bounded.Valid);
    }

    [Fact]
    public void Reverse_and_mixed_iteration_match_a_sorted_dictionary_model()
    {
        var seed = TestSeed(nameof(Reverse_and_mixed_iteration_match_a_sorted_dictionary_model));
        var rng = new Random(seed);
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        var longPrefix = new byte[WriteBatch.MaxKeySize - 4];
        Array.Fill(longPrefix, (byte)'p');
        var keySpace = 200 + rng.Next(300);
        byte[] RandomKey()
        {
            var i = rng.Next(keySpace);
            return (i % 12) switch
            {
                0 => [.. K(i), 0x00],
                1 => [.. K(i), 0xFF],
                2 => K(i)[..^1],
                // long keys sharing a prefix, so engines that bucket long keys (lmdb, litedb) walk buckets both ways
                3 => [.. longPrefix, .. K(i % 40)[^(1 + i % 4)..]],
                _ => K(i),
            };
        }
        void Mutate(int count, SortedDictionary<byte[], byte[]> m)
        {
            for (var n = 0; n < count; n++)
            {
                var k = RandomKey();
                if (rng.Next(4) == 0)
                {
                    e.Delete(cf, k);
                    m.Remove(k);
                }
                else
                {
                    var v = RandomBytes(rng, 0, rng.Next(8) == 0 ? 3000 : 100);
                    e.Put(cf, k, v);
                    m[k] = v;
                }
            }
        }

        IEngineSnapshot? snapshot = null;
        SortedDictionary<byte[], byte[]>? snapshotModel = null;
        try
        {
            for (var round = 0; round < 10; round++)
            {
                Mutate(rng.Next(50, 250), model);
                var roll = rng.Next(6);
                if (roll == 0) e.Flush();
                else if (roll == 1) e.CompactRange(cf);
                if (snapshot is null && rng.Next(3) == 0)
                {
                    snapshot = e.GetSnapshot();
                    snapshotModel = ModelAssert.Copy(model);
                    Mutate(rng.Next(20, 100), model); // later writes the snapshot must not see
                }

                byte[]? lo = rng.Next(3) == 0 ? null : RandomKey();
                byte[]? hi = rng.Next(3) == 0 ? null : RandomKey();
                if (lo is not null && hi is not null && lo.AsSpan().SequenceCompareTo(hi) > 0) (lo, hi) = (hi, lo);
                var useSnapshot = snapshot is not null && rng.Next(2) == 0;
                var view = useSnapshot ? snapshotModel! : ModelAssert.Copy(model);
                var keys = new List<byte[]>();
                foreach (var k in view.Keys)
                    if ((lo is null || k.AsSpan().SequenceCompareTo(lo) >= 0) && (hi is null || k.AsSpan().SequenceCompareTo(hi) < 0)) keys.Add(k);

                using var it = e.NewIterator(cf, new ReadOptions { LowerBound = lo, UpperBound = hi, Snapshot = useSnapshot ? snapshot : null });
                Mutate(rng.Next(0, 30), model); // writes after creation: invisible to the iterator either way
                var pos = -1;
                var trace = new List<string>();
                for (var step = 0; step < 150; step++)
                {
                    var op = rng.Next(10);
                    if (pos < 0 && op < 6) op = 6 + rng.Next(4);
                    string name;
                    switch (op)
                    {
                        case 0 or 1 or 2:
                            it.Next();
                            pos = pos + 1 < keys.Count ? pos + 1 : -1;
                            name = "Next";
                            break;
                        case 3 or 4 or 5:
                            it.Prev();
                            pos--;
                            name = "Prev";
                            break;
                        case 6:
                        {
                            var k = rng.Next(4) == 0 && keys.Count > 0 ? keys[rng.Next(keys.Count)] : RandomKey();
                            it.Seek(k);
                            pos = LowerBoundIndex(keys, k);
                            if (pos == keys.Count) pos = -1;
                            name = "Seek " + Show(k);
                            break;
                        }
                        case 7:
                        {
                            var k = rng.Next(4) == 0 && keys.Count > 0 ? keys[rng.Next(keys.Count)] : RandomKey();
                            it.SeekForPrev(k);
                            var i = LowerBoundIndex(keys, k);
                            pos = i < keys.Count && keys[i].AsSpan().SequenceEqual(k) ? i : i - 1;
                            name = "SeekForPrev " + Show(k);
                            break;
                        }
                        case 8:
                            it.SeekToLast();
                            pos = keys.Count - 1;
                            name = "SeekToLast";
                            break;
                        default:
                            it.SeekToFirst();
                            pos = keys.Count > 0 ? 0 : -1;
                            name = "SeekToFirst";
                            break;
                    }
                    trace.Add(name);
                    var context = $"seed {seed}, round {round}, step {step} ({string.Join(", ", trace.TakeLast(4))}), bounds [{(lo is null ? "-" : Show(lo))}, {(hi is null ? "-" : Show(hi))}), snapshot {useSnapshot}";
                    Assert.True(it.Valid == (pos >= 0), $"{context}: engine valid {it.Valid}, model {(pos >= 0 ? Show(keys[pos]) : "invalid")}");
                    if (pos < 0) continue;
                    Assert.True(it.Key.SequenceEqual(keys[pos]), $"{context}: engine key {Show(it.Key)}, model {Show(keys[pos])}");
                    Assert.True(it.Value.SequenceEqual(view[keys[pos]]), $"{context}: value of {Show(keys[pos])} differs");
                }
                if (snapshot is not null && rng.Next(3) == 0)
                {
                    snapshot.Dispose();
                    snapshot = null;
                }
            }
        }
        finally
        {
            snapshot?.Dispose();
        }
    }

    /// <summary>Index of the first key &gt;= <paramref name="key"/> in sorted <paramref name="keys"/> (Count when none).</summary>
    private static int LowerBoundIndex(List<byte[]> keys, byte[] key)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid].AsSpan().SequenceCompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
