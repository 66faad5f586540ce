using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_flushoptions_t.</summary>
internal sealed class FlushOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_flushoptions_destroy(native);
}
