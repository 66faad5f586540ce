namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_writeoptions_t (immutable after creation; shared by all writers).</summary>
internal sealed class WriteOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_writeoptions_destroy(native);
}
