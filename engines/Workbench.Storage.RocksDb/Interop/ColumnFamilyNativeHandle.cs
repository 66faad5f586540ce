using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_column_family_handle_t; references its DB so the DB closes after it.</summary>
internal sealed class ColumnFamilyNativeHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_column_family_handle_destroy(native);
}
