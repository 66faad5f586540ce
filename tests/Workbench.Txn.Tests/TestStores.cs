using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Tests;

/// <summary>Engines the txn layer is tested on, opened with the three Percolator CFs.</summary>
internal static class TestStores
{
    public static readonly string[] EngineNames = ["memory", "lsm", "titan", "rocksdb"];

    public static EngineRegistry Registry()
    {
        var r = new EngineRegistry().RegisterBuiltIns();
        r.Register(new Workbench.Storage.Lsm.LsmEngineFactory());
        r.Register(new Workbench.Storage.Lsm.Blob.TitanEngineFactory());
        r.Register(new Workbench.Storage.RocksDb.RocksDbEngineFactory());
        return r;
    }

    /// <summary>Memory file system for native engines; rocksdb needs a real directory (deleted on dispose).</summary>
    public static StoreHandle Open(string engine, IReadOnlyDictionary<string, string>? options = null)
    {
        var registry = Registry();
        var config = new EngineConfig(engine, options);
        if (engine == "rocksdb")
        {
            var dir = Path.Combine(Path.GetTempPath(), "wb-txn-" + Guid.NewGuid().ToString("N"));
            return new StoreHandle(LocalKvStore.Open(registry, config, dir, LocalFileSystem.Instance), dir);
        }
        return new StoreHandle(LocalKvStore.Open(registry, config, "/db", new MemoryFileSystem()), null);
    }

    public static StoreHandle Memory() => Open("memory");
}

internal sealed class StoreHandle : IDisposable
{
    private readonly string? _dir;

    public StoreHandle(LocalKvStore store, string? dir)
    {
        Store = store;
        _dir = dir;
    }

    public LocalKvStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }
}
