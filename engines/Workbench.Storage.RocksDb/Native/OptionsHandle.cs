namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_options_t (DB or column-family options). The DB options are kept for the engine's life because they own the statistics object.</summary>
internal sealed class OptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_options_destroy(native);
}
