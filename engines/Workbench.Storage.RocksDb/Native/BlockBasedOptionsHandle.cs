namespace Workbench.Storage.RocksDb.Native;

/// <summary>A rocksdb_block_based_table_options_t; the options factory copies it, so it can be freed after use.</summary>
internal sealed class BlockBasedOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => RocksDbNative.rocksdb_block_based_options_destroy(native);
}
