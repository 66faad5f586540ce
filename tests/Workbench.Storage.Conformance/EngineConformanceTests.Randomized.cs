using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    [Fact]
    public void Randomized_operations_match_a_sorted_dictionary_model()
    {
        var seed = TestSeed(nameof(Randomized_operations_match_a_sorted_dictionary_model));
        RunModel(Open(), seed, RandomizedOperationCount, reopen: null);
    }

    /// <summary>
    /// Drives random puts, deletes, multi-CF batches, gets, bounded scans, snapshots (held across
    /// later writes and checked against copies of the model), flushes and compactions, comparing
    /// every read with a sorted dictionary per column family. <paramref name="reopen"/>, when given,
    /// is called now and then to close and reopen the engine (persistence check).
    /// </summary>
    protected void RunModel(IKvEngine engine, int seed, int operations, Func<IKvEngine, IKvEngine>? reopen)
    {
        var rng = new Random(seed);
        var cfCount = engine.ColumnFamilies.Count;
        var models = Enumerable.Range(0, cfCount).Select(_ => new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance)).ToArray();
        var snapshots = new List<(IEngineSnapshot Snap, SortedDictionary<byte[], byte[]>[] Models)>();
        var keySpace = 300 + rng.Next(700);
        byte[] RandomKey()
        {
            var i = rng.Next(keySpace);
            // mostly printable keys, some with binary suffixes so prefixes and 0x00/0xFF are exercised
            return (i % 10) switch
            {
                0 => [.. K(i), 0x00],
                1 => [.. K(i), 0xFF, 0xFF],
                2 => K(i)[..^1],
                _ => K(i),
            };
        }
        try
        {
            for (var step = 0; step < operations; step++)
            {
                var context = $"seed {seed}, step {step}";
                var roll = rng.Next(100);
                var cfi = rng.Next(cfCount);
                var cf = engine.ColumnFamilies[cfi];
                if (roll < 35)
                {
                    var k = RandomKey();
                    var v = RandomBytes(rng, 0, rng.Next(10) == 0 ? 4000 : 200);
                    engine.Put(cf, k, v, rng.Next(50) == 0 ? WriteOptions.Synced : null);
                    models[cfi][k] = v;
                }
                else if (roll < 45)
                {
                    var k = RandomKey();
                    engine.Delete(cf, k);
                    models[cfi].Remove(k);
                }
                else if (roll < 55)
                {
                    using var batch = new WriteBatch();
                    var staged = new List<(int Cf, byte[] Key, byte[]? Value)>();
                    for (var n = rng.Next(1, 12); n > 0; n--)
                    {
                        var c = rng.Next(cfCount);
                        var k = RandomKey();
                        if (rng.Next(4) == 0)
                        {
                            batch.Delete(engine.ColumnFamilies[c], k);
                            staged.Add((c, k, null));
                        }
                        else
                        {
                            var v = RandomBytes(rng, 0, 300);
                            batch.Put(engine.ColumnFamilies[c], k, v);
                            staged.Add((c, k, v));
                        }
                    }
                    engine.Write(batch);
                    foreach (var (c, k, v) in staged)
                        if (v is null) models[c].Remove(k);
                        else models[c][k] = v;
                }
                else if (roll < 75)
                {
                    var k = rng.Next(3) == 0 && models[cfi].Count > 0 ? models[cfi].Keys.ElementAt(rng.Next(models[cfi].Count)) : RandomKey();
                    var expected = models[cfi].TryGetValue(k, out var v) ? v : null;
                    var actual = engine.Get(cf, k);
                    if (expected is null) Assert.True(actual is null, $"{context}: key {Show(k)} should be absent, engine has {Show(actual ?? [])}");
                    else Assert.True(actual is not null && actual.AsSpan().SequenceEqual(expected), $"{context}: key {Show(k)}: engine {(actual is null ? "absent" : Show(actual))}, model {Show(expected)}");
                }
                else if (roll < 83)
                {
                    byte[]? lo = rng.Next(3) == 0 ? null : RandomKey();
                    byte[]? hi = rng.Next(3) == 0 ? null : RandomKey();
                    if (lo is not null && hi is not null && lo.AsSpan().SequenceCompareTo(hi) > 0) (lo, hi) = (hi, lo);
                    ModelAssert.ScanEquals(models[cfi], engine, cf, new ReadOptions { LowerBound = lo, UpperBound = hi }, context + " scan");
                }
                else if (roll < 88)
                {
                    if (snapshots.Count < 4) snapshots.Add((engine.GetSnapshot(), models.Select(ModelAssert.Copy).ToArray()));
                }
                else if (roll < 93)
                {
                    if (snapshots.Count > 0)
                    {
                        var i = rng.Next(snapshots.Count);
                        var (snap, snapModels) = snapshots[i];
                        var ro = new ReadOptions { Snapshot = snap };
                        ModelAssert.ScanEquals(snapModels[cfi], engine, cf, ro, context + " snapshot scan");
                        var k = RandomKey();
                        var expected = snapModels[cfi].TryGetValue(k, out var v) ? v : null;
                        Assert.Equal(expected, engine.Get(cf, k, ro));
                        if (rng.Next(2) == 0)
                        {
                            snap.Dispose();
                            snapshots.RemoveAt(i);
                        }
                    }
                }
                else if (roll < 96)
                {
                    engine.Flush();
                }
                else if (roll < 98)
                {
                    engine.CompactRange(cf);
                }
                else if (reopen is not null)
                {
                    foreach (var (s, _) in snapshots) s.Dispose();
                    snapshots.Clear();
                    engine = reopen(engine);
                }
            }
            for (var c = 0; c < cfCount; c++) ModelAssert.ScanEquals(models[c], engine, engine.ColumnFamilies[c], ReadOptions.Default, $"seed {seed}, final scan of {engine.ColumnFamilies[c].Name}");
        }
        finally
        {
            foreach (var (s, _) in snapshots) s.Dispose();
        }
    }
}
