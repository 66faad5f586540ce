namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_compactoptions_t.</summary>
internal sealed class CompactOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_compactoptions_destroy(native);
}
