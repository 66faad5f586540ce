using Workbench.Storage.Contract;

namespace Workbench.Storage.Conformance;

/// <summary>Compares engine iteration against a sorted-dictionary model, reporting the first difference.</summary>
public static class ModelAssert
{
    public static void ScanEquals(SortedDictionary<byte[], byte[]> model, IKvEngine engine, ColumnFamilyHandle cf, ReadOptions options, string context = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        var expected = new List<KeyValuePair<byte[], byte[]>>();
        foreach (var kv in model)
        {
            if (options.LowerBound is not null && kv.Key.AsSpan().SequenceCompareTo(options.LowerBound) < 0) continue;
            if (options.UpperBound is not null && kv.Key.AsSpan().SequenceCompareTo(options.UpperBound) >= 0) continue;
            expected.Add(kv);
        }
        using var it = engine.NewIterator(cf, options);
        it.SeekToFirst();
        var i = 0;
        while (it.Valid)
        {
            if (i >= expected.Count)
                Assert.Fail($"{context}: engine returned extra key {TestKeys.Show(it.Key)} after {i} expected entries");
            if (!it.Key.SequenceEqual(expected[i].Key))
                Assert.Fail($"{context}: entry {i}: engine key {TestKeys.Show(it.Key)}, model key {TestKeys.Show(expected[i].Key)}");
            if (!it.Value.SequenceEqual(expected[i].Value))
                Assert.Fail($"{context}: entry {i} key {TestKeys.Show(it.Key)}: engine value {TestKeys.Show(it.Value)}, model value {TestKeys.Show(expected[i].Value)}");
            i++;
            it.Next();
        }
        if (i != expected.Count)
            Assert.Fail($"{context}: engine stopped after {i} entries, model has {expected.Count}; next model key {TestKeys.Show(expected[i].Key)}");
    }

    public static SortedDictionary<byte[], byte[]> Copy(SortedDictionary<byte[], byte[]> model) =>
        new(model, Encoding.ByteKeyComparer.Instance);
}
