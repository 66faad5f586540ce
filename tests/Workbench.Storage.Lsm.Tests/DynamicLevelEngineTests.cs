using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The engine with level_compaction_dynamic_level_bytes and several compactions at once: random
/// writes, deletes and reopens must read as the model, and the levels between L0 and the base level
/// stay empty.
/// </summary>
public class DynamicLevelEngineTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Options = new()
    {
        ["level_compaction_dynamic_level_bytes"] = "true",
        ["max_background_jobs"] = "4",
        ["max_background_compactions"] = "3",
    };

    [Fact]
    public void Random_writes_match_the_model_and_only_the_base_level_and_below_hold_files()
    {
        var seed = TestSeed.Fresh(output, nameof(DynamicLevelEngineTests));
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        var model = new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        const int keySpace = 3000;
        for (var round = 0; round < 3; round++)
        {
            using (var e = LsmTestEngines.Open(fs, "/db", overrides: Options))
            {
                var cf = e.DefaultColumnFamily();
                for (var op = 0; op < 6000; op++)
                {
                    var key = K(rng.Next(keySpace));
                    if (rng.Next(100) < 85)
                    {
                        var v = RandomBytes(rng, 20, 120);
                        e.Put(cf, key, v);
                        model[key] = v;
                    }
                    else
                    {
                        e.Delete(cf, key);
                        model.Remove(key);
                    }
                }
                AssertShape(e);
                AssertMatches(e, model);
            }
        }
        using (var e = LsmTestEngines.Open(fs, "/db", overrides: Options))
        {
            AssertMatches(e, model);
            e.CompactRange(e.DefaultColumnFamily());
            AssertShape(e);
            AssertMatches(e, model);
            Assert.Equal("0", e.GetProperty("num-files-at-level1"));
        }
    }

    /// <summary>At these sizes (well under 64 KiB × 4^5) the base level is deep: L1 stays empty and the last level holds data once anything left L0.</summary>
    private static void AssertShape(IKvEngine e)
    {
        var counts = new List<int>();
        for (var l = 1; e.GetProperty($"num-files-at-level{l}") is { } n; l++) counts.Add(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
        var first = counts.FindIndex(c => c > 0);
        if (first < 0) return;
        Assert.Equal(counts.Count - 1, counts.FindLastIndex(c => c > 0)); // the last level holds data
        Assert.True(first >= 1, $"dynamic sizing put files in L1 while only {counts.Sum()} files exist: {string.Join(",", counts)}");
    }

    private static void AssertMatches(IKvEngine e, SortedDictionary<byte[], byte[]> model)
    {
        var cf = e.DefaultColumnFamily();
        var expected = model.ToList();
        var actual = new List<KeyValuePair<byte[], byte[]>>();
        using (var it = e.NewIterator(cf))
            for (it.SeekToFirst(); it.Valid; it.Next()) actual.Add(new(it.Key.ToArray(), it.Value.ToArray()));
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.Equal(expected[i].Value, actual[i].Value);
        }
    }
}
