using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_writebatch_t, reused across writes (cleared after each).</summary>
internal sealed class WriteBatchHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_writebatch_destroy(native);
}
