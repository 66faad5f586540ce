using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Values larger than a third of a page live in overflow chains; replacing or deleting them frees the chain.</summary>
public sealed class OverflowValueTests
{
    [Fact]
    public void Large_values_round_trip_through_gets_iterators_reopen_and_are_freed_on_overwrite()
    {
        var fs = new MemoryFileSystem();
        var e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        var cf = e.DefaultColumnFamily();
        var rng = new Random(3);
        var sizes = new[] { 1400, 4056, 4057, 100_000, 1 << 20 };
        var values = sizes.Select(s => RandomBytes(rng, s, s)).ToArray();
        for (var i = 0; i < sizes.Length; i++) e.Put(cf, K(i), values[i]);
        e.VerifyTrees();
        for (var i = 0; i < sizes.Length; i++) Assert.Equal(values[i], e.Get(cf, K(i)));
        using (var it = e.NewIterator(cf))
        {
            var i = 0;
            for (it.SeekToFirst(); it.Valid; it.Next(), i++) Assert.True(it.Value.SequenceEqual(values[i]), $"value {i} via iterator");
            Assert.Equal(sizes.Length, i);
        }
        var overflowPages = e.GetMetrics().Counters["btree.pages.overflow"];
        Assert.True(overflowPages >= (100_000 + (1 << 20)) / 4056, $"{overflowPages} overflow pages");
        e.Flush();
        e.Dispose();
        e = (BTreeEngine)BTreeTestEngines.Open(fs, "/db");
        cf = e.DefaultColumnFamily();
        for (var i = 0; i < sizes.Length; i++) Assert.Equal(values[i], e.Get(cf, K(i)));

        // Overwrite the big ones many times with checkpoints in between: freed chains are reused, the file stays bounded.
        var fileAfterFirst = e.GetMetrics().Counters["btree.pages.file"];
        for (var round = 0; round < 10; round++)
        {
            values[4] = RandomBytes(rng, 1 << 20, 1 << 20);
            e.Put(cf, K(4), values[4]);
            e.Flush();
        }
        e.VerifyTrees();
        Assert.Equal(values[4], e.Get(cf, K(4)));
        var fileAfter = e.GetMetrics().Counters["btree.pages.file"];
        Assert.True(fileAfter <= fileAfterFirst + 2 * ((1 << 20) / 4056 + 8), $"file grew from {fileAfterFirst} to {fileAfter} pages over 10 overwrites of a 1 MiB value");
        e.Delete(cf, K(4));
        e.Delete(cf, K(3));
        e.VerifyTrees();
        Assert.Null(e.Get(cf, K(4)));
        Assert.True(e.GetMetrics().Counters["btree.pages.overflow"] < 10);
        e.Dispose();
    }
}
