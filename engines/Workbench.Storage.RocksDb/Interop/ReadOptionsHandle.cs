using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_readoptions_t; when it reads at a snapshot it references the snapshot handle, which is released after it.</summary>
internal sealed class ReadOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_readoptions_destroy(native);
}
