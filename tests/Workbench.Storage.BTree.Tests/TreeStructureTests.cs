using Workbench.Storage.Batch;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Splits and merges at page boundaries, checked by the tree verifier after every phase.</summary>
public sealed class TreeStructureTests(ITestOutputHelper output)
{
    private static BTreeEngine OpenSmall(IFileSystem fs) => (BTreeEngine)BTreeTestEngines.Open(fs, "/db");

    [Fact]
    public void Sequential_inserts_split_up_to_height_three_and_deletes_merge_back_to_an_empty_tree()
    {
        var fs = new MemoryFileSystem();
        using var e = OpenSmall(fs);
        var cf = e.DefaultColumnFamily();
        var value = new byte[1000];
        for (var i = 0; i < 6000; i++) e.Put(cf, K(i), value);
        e.VerifyTrees();
        Assert.True(e.TreeHeight(cf) >= 3, $"height {e.TreeHeight(cf)} after 6000 inserts of ~1 KB cells into 4 KiB pages");
        var m = e.GetMetrics().Counters;
        // Appends at the right edge leave the left page full: three of these cells per leaf, not one or two.
        Assert.True(m["btree.pages.leaf"] <= 6000 / 3 + 1, $"{m["btree.pages.leaf"]} leaves: right-edge splits should leave pages full");
        for (var i = 0; i < 6000; i++) e.Delete(cf, K(i));
        e.VerifyTrees();
        Assert.Equal(0, e.TreeHeight(cf));
        m = e.GetMetrics().Counters;
        Assert.Equal(0, m["entries"]);
        Assert.True(e.Writer.Merges > 0);
        using var it = e.NewIterator(cf);
        it.SeekToFirst();
        Assert.False(it.Valid);
    }

    [Fact]
    public void Random_inserts_shift_cells_into_siblings_before_splitting_and_keep_leaves_over_70_percent_full()
    {
        var seed = TestSeed.Fresh(output, nameof(Random_inserts_shift_cells_into_siblings_before_splitting_and_keep_leaves_over_70_percent_full));
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        using var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db", new Dictionary<string, string> { ["page_size"] = "8KiB", ["cache_size"] = "4MiB", ["checkpoint_wal_bytes"] = "1MiB" });
        var cf = e.DefaultColumnFamily();
        var model = new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        for (var i = 0; i < 8000; i++)
        {
            var key = RandomBytes(rng, 8, 24);
            var value = RandomBytes(rng, 50, 400);
            e.Put(cf, key, value);
            model[key] = value;
        }
        e.VerifyTrees();
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, $"seed {seed}");
        var m = e.GetMetrics().Counters;
        output.WriteLine($"fill {m["btree.fill_factor_pct"]}%, splits {m["btree.splits"]}, redistributions {m["btree.redistributions"]}");
        Assert.True(m["btree.redistributions"] > 0);
        Assert.True(m["btree.fill_factor_pct"] >= 70, $"leaf fill {m["btree.fill_factor_pct"]}%");
    }

    [Fact]
    public void Maximum_keys_and_cells_at_the_inline_limit_split_correctly_in_4KiB_pages()
    {
        var fs = new MemoryFileSystem();
        using var e = OpenSmall(fs);
        var cf = e.DefaultColumnFamily();
        var max = e.Writer.MaxCellSize;
        var model = new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            // 1024-byte keys sharing a long prefix (separators must look deep into the key), values filling the cell to the limit or one byte past it (overflow).
            var key = new byte[WriteBatch.MaxKeySize];
            key.AsSpan(0, 1000).Fill(0x41);
            BitConverter.TryWriteBytes(key.AsSpan(1000), rng.Next());
            var valueLen = max - LeafCellOverhead(key.Length, max) + (i % 2);
            var value = RandomBytes(rng, valueLen, valueLen);
            e.Put(cf, key, value);
            model[key] = value;
        }
        e.Put(cf, [], []); // the empty key with an empty value
        model[[]] = [];
        e.VerifyTrees();
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "max keys");
        Assert.True(e.GetMetrics().Counters["btree.pages.overflow"] > 0);
        var n = 0;
        foreach (var k in model.Keys.ToList())
            if (n++ % 3 != 0)
            {
                e.Delete(cf, k);
                model.Remove(k);
            }
        e.VerifyTrees();
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "max keys after deletes");
    }

    /// <summary>Bytes of a leaf cell that are not the value (flags, two varints, key) for a value near <paramref name="max"/>.</summary>
    private static int LeafCellOverhead(int keyLength, int max) =>
        1 + VarInt.Size((ulong)keyLength) + VarInt.Size((ulong)max) + keyLength;

    [Fact]
    public void Random_puts_and_deletes_with_checkpoints_keep_the_invariants_and_match_a_model()
    {
        var seed = TestSeed.Fresh(output, nameof(Random_puts_and_deletes_with_checkpoints_keep_the_invariants_and_match_a_model));
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        var e = OpenSmall(fs);
        var cfs = new[] { e.GetColumnFamily("default"), e.GetColumnFamily("write") };
        var models = new[] { new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance), new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance) };
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 1500; i++)
            {
                var c = rng.Next(2);
                var key = K(rng.Next(2000));
                if (rng.Next(3) == 0)
                {
                    e.Delete(cfs[c], key);
                    models[c].Remove(key);
                }
                else
                {
                    var value = RandomBytes(rng, 0, rng.Next(10) == 0 ? 5000 : 300);
                    e.Put(cfs[c], key, value);
                    models[c][key] = value;
                }
            }
            e.VerifyTrees();
            if (round % 2 == 1)
            {
                e.Dispose();
                e = OpenSmall(fs);
                cfs = [e.GetColumnFamily("default"), e.GetColumnFamily("write")];
                e.VerifyTrees();
            }
            for (var c = 0; c < 2; c++) ModelAssert.ScanEquals(models[c], e, cfs[c], ReadOptions.Default, $"seed {seed} round {round} cf {c}");
        }
        e.Dispose();
    }
}
