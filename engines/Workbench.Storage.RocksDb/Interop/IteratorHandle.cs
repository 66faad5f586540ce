using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// A rocksdb_iterator_t together with what it points into for its whole life: its read options and
/// the unmanaged copies of the iterate bounds (RocksDB keeps only pointers to the bound bytes). All
/// of them are freed after the iterator. References the DB and, if any, the snapshot it reads.
/// </summary>
internal sealed class IteratorHandle : RocksDbHandle
{
    private nint _readOptions;
    private nint _lowerBound;
    private nint _upperBound;

    /// <summary>Hands over the read options and bound buffers to free after the iterator (before <see cref="RocksDbHandle.Attach"/>).</summary>
    internal void Own(nint readOptions, nint lowerBound, nint upperBound)
    {
        _readOptions = readOptions;
        _lowerBound = lowerBound;
        _upperBound = upperBound;
    }

    protected override void Free(nint native)
    {
        Native.Instance.rocksdb_iter_destroy(native);
        if (_readOptions != 0) Native.Instance.rocksdb_readoptions_destroy(_readOptions);
        if (_lowerBound != 0) Marshal.FreeHGlobal(_lowerBound);
        if (_upperBound != 0) Marshal.FreeHGlobal(_upperBound);
    }
}
