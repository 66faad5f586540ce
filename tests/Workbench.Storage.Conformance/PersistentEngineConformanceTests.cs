using Workbench.Storage.Contract;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

/// <summary>The core suite plus persistence: what was written survives a clean close and reopen.</summary>
public abstract class PersistentEngineConformanceTests : EngineConformanceTests
{
    protected PersistentEngineConformanceTests(ITestOutputHelper output) : base(output) { }

    /// <summary>Closes and reopens the engine under test.</summary>
    protected IKvEngine Reopen(IKvEngine engine, IReadOnlyList<string>? columnFamilies = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        engine.Dispose();
        return Open(columnFamilies);
    }

    [Fact]
    public void Unflushed_writes_survive_a_clean_close_and_reopen()
    {
        var e = Open();
        var d = e.GetColumnFamily("default");
        var w = e.GetColumnFamily("write");
        for (var i = 0; i < 300; i++) e.Put(d, K(i), K($"d{i}"));
        for (var i = 0; i < 300; i += 3) e.Put(w, K(i), K($"w{i}"));
        e.Delete(d, K(7));
        e = Reopen(e);
        d = e.GetColumnFamily("default");
        w = e.GetColumnFamily("write");
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(i == 7 ? null : K($"d{i}"), e.Get(d, K(i)));
            Assert.Equal(i % 3 == 0 ? K($"w{i}") : null, e.Get(w, K(i)));
        }
    }

    [Fact]
    public void Flushed_and_unflushed_data_and_deletes_of_flushed_data_survive_reopen()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 500; i++) e.Put(cf, K(i), K($"a{i}"));
        e.Flush();
        for (var i = 0; i < 500; i += 2) e.Delete(cf, K(i));
        for (var i = 500; i < 600; i++) e.Put(cf, K(i), K($"b{i}"));
        e = Reopen(e);
        cf = e.DefaultColumnFamily();
        var model = new SortedDictionary<byte[], byte[]>(Encoding.ByteKeyComparer.Instance);
        for (var i = 1; i < 500; i += 2) model[K(i)] = K($"a{i}");
        for (var i = 500; i < 600; i++) model[K(i)] = K($"b{i}");
        ModelAssert.ScanEquals(model, e, cf, ReadOptions.Default, "after reopen");
        e.Put(cf, K(1), K("after-reopen"));
        e = Reopen(e);
        Assert.Equal(K("after-reopen"), e.Get(e.DefaultColumnFamily(), K(1)));
    }

    [Fact]
    public void Randomized_operations_with_reopens_match_the_model()
    {
        var seed = TestSeed(nameof(Randomized_operations_with_reopens_match_the_model));
        RunModel(Open(), seed, RandomizedOperationCount / 2, reopen: e => Reopen(e));
    }
}
