namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_column_family_handle_t; references its DB so the DB closes after it.</summary>
internal sealed class ColumnFamilyNativeHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_column_family_handle_destroy(native);
}
