using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_writeoptions_t (immutable after creation; shared by all writers).</summary>
internal sealed class WriteOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_writeoptions_destroy(native);
}
