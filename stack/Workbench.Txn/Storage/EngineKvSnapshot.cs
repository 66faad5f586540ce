using Workbench.Storage.Contract;

namespace Workbench.Txn.Storage;

/// <summary>An engine snapshot seen through the three Percolator CF handles.</summary>
internal sealed class EngineKvSnapshot : IKvSnapshot
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle[] _cfs;
    private readonly IEngineSnapshot _snapshot;
    private readonly ReadOptions _read;
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

    public EngineKvSnapshot(IKvEngine engine, ColumnFamilyHandle[] cfs)
    {
        _engine = engine;
        _cfs = cfs;
        _snapshot = engine.GetSnapshot();
        _read = new ReadOptions { Snapshot = _snapshot };
    }

    public byte[]? Get(Cf cf, ReadOnlySpan<byte> key)
    {
        _buffer.ResetWrittenCount();
        return _engine.TryGet(_cfs[(int)cf], key, _buffer, _read) ? _buffer.WrittenSpan.ToArray() : null;
    }

    public IKvIterator Iterate(Cf cf, byte[]? lowerBound, byte[]? upperBound) =>
        _engine.NewIterator(_cfs[(int)cf], new ReadOptions { Snapshot = _snapshot, LowerBound = lowerBound, UpperBound = upperBound });

    public void Dispose() => _snapshot.Dispose();
}
