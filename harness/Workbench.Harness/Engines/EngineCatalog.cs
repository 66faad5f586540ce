using Workbench.Storage.Registry;

namespace Workbench.Harness.Engines;

/// <summary>Every engine the `workbench` command can open by name. Add a factory here when an engine project lands.</summary>
internal static class EngineCatalog
{
    public static EngineRegistry Create()
    {
        var registry = new EngineRegistry();
        registry.RegisterBuiltIns();
        registry.Register(new Workbench.Storage.Lsm.LsmEngineFactory());
        registry.Register(new Workbench.Storage.RocksDb.RocksDbEngineFactory());
        registry.Register(new Workbench.Storage.RocksDb.RocksDbBlobEngineFactory());
        registry.Register(new Workbench.Storage.BTree.BTreeEngineFactory());
        registry.Register(new Workbench.Storage.Lsm.Blob.TitanEngineFactory());
        registry.Register(new Workbench.Storage.Lmdb.LmdbEngineFactory());
        registry.Register(new Workbench.Storage.ZoneTree.ZoneTreeEngineFactory());
        registry.Register(new Workbench.Storage.LiteDb.LiteDbEngineFactory());
        return registry;
    }
}
