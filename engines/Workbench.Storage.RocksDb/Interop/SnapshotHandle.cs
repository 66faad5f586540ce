using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>A snapshot of a DB (parent); released through the DB, which stays open until then.</summary>
internal sealed class SnapshotHandle : RocksDbHandle
{
    protected override void Free(nint native) => Native.Instance.rocksdb_release_snapshot(ParentPointer, native);
}
