namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_cache_t wrapper; table options copy the shared pointer, so freeing the wrapper does not free a cache in use.</summary>
internal sealed class CacheHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_cache_destroy(native);
}
