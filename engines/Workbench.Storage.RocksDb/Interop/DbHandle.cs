using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>An open rocksdb_t; closed when the engine and every child handle (CF, iterator, snapshot) have let go of it.</summary>
internal sealed class DbHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_close(native);
}
