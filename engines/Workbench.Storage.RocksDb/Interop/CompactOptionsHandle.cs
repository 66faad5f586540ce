using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A rocksdb_compactoptions_t.</summary>
internal sealed class CompactOptionsHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_compactoptions_destroy(native);
}
