using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

public abstract partial class EngineConformanceTests
{
    [Fact]
    public void Null_arguments_are_rejected_with_argument_exceptions()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        Assert.Throws<ArgumentNullException>(() => e.Write(null!));
        Assert.Throws<ArgumentNullException>(() => e.TryGet(null!, K("k"), new System.Buffers.ArrayBufferWriter<byte>()));
        Assert.Throws<ArgumentNullException>(() => e.TryGet(cf, K("k"), null!));
        Assert.Throws<ArgumentNullException>(() => e.NewIterator(null!));
    }

    [Fact]
    public void Oversized_keys_are_rejected_before_reaching_the_engine()
    {
        using var batch = new WriteBatch();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put(0, new byte[WriteBatch.MaxKeySize + 1], K("v")));
        Assert.Contains("exceeds the maximum", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Handles_and_snapshots_of_another_engine_are_rejected()
    {
        var e = Open();
        using var other = new Memory.MemoryEngineFactory().Open(new EngineRegistry().RegisterBuiltIns()
            .CreateRequest(new EngineConfig("memory"), "/other", new MemoryFileSystem(), ["default"]));
        var foreignCf = other.DefaultColumnFamily();
        Assert.ThrowsAny<ArgumentException>(() => e.Get(foreignCf, K("k")));
        using var foreignSnap = other.GetSnapshot();
        Assert.ThrowsAny<ArgumentException>(() => e.Get(e.DefaultColumnFamily(), K("k"), new ReadOptions { Snapshot = foreignSnap }));
    }

    [Fact]
    public void Using_a_disposed_engine_iterator_or_snapshot_throws_object_disposed()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        e.Put(cf, K("k"), K("v"));
        var snap = e.GetSnapshot();
        snap.Dispose();
        Assert.Throws<ObjectDisposedException>(() => e.Get(cf, K("k"), new ReadOptions { Snapshot = snap }));
        var it = e.NewIterator(cf);
        it.Dispose();
        Assert.Throws<ObjectDisposedException>(() => it.SeekToFirst());
        using (var live = e.NewIterator(cf))
        {
            live.SeekToFirst();
            Assert.True(live.Valid);
            live.Next();
            Assert.False(live.Valid);
            Assert.Throws<InvalidOperationException>(() => live.Next());
        }
        e.Dispose();
        e.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => e.Get(cf, K("k")));
        Assert.Throws<ObjectDisposedException>(() => e.Put(cf, K("k"), K("v")));
        Assert.Throws<ObjectDisposedException>(() => e.GetSnapshot());
    }
}
