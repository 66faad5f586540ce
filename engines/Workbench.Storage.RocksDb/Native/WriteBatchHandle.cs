namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_writebatch_t, reused across writes (cleared after each).</summary>
internal sealed class WriteBatchHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_writebatch_destroy(native);
}
