namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_flushoptions_t.</summary>
internal sealed class FlushOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_flushoptions_destroy(native);
}
