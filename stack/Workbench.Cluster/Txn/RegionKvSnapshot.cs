using Workbench.Cluster.Messages;
using Workbench.Cluster.Store;
using Workbench.Storage.Contract;
using Workbench.Txn.Storage;

namespace Workbench.Cluster.Txn;

/// <summary>
/// The Percolator actions' view of one region on one store: an engine snapshot of CFs
/// default/lock/write taken on the store loop at the moment the leader may serve, with every
/// iterator clamped to the region's range (so a lock scan never reads a neighbour's keys).
/// Belongs to the store loop; dispose to release the engine snapshot.
/// </summary>
internal sealed class RegionKvSnapshot : IKvSnapshot
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle[] _cfs;
    private readonly IEngineSnapshot _snapshot;
    private readonly ReadOptions _read;
    private readonly byte[] _start;
    private readonly byte[]? _end;
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

    public RegionKvSnapshot(RaftStore store, Region region)
    {
        _engine = store.Engine;
        _cfs = [store.DataCf(CfNames.Default), store.DataCf(CfNames.Lock), store.DataCf(CfNames.Write)];
        _snapshot = _engine.GetSnapshot();
        _read = new ReadOptions { Snapshot = _snapshot };
        _start = region.StartKey.ToByteArray();
        _end = region.EndKey.IsEmpty ? null : region.EndKey.ToByteArray();
    }

    public byte[]? Get(Cf cf, ReadOnlySpan<byte> key)
    {
        _buffer.ResetWrittenCount();
        return _engine.TryGet(_cfs[(int)cf], key, _buffer, _read) ? _buffer.WrittenSpan.ToArray() : null;
    }

    public IKvIterator Iterate(Cf cf, byte[]? lowerBound, byte[]? upperBound)
    {
        var lower = lowerBound is null || lowerBound.AsSpan().SequenceCompareTo(_start) < 0 ? _start : lowerBound;
        var upper = upperBound;
        if (_end is not null && (upper is null || upper.AsSpan().SequenceCompareTo(_end) > 0)) upper = _end;
        return _engine.NewIterator(_cfs[(int)cf], new ReadOptions { Snapshot = _snapshot, LowerBound = lower, UpperBound = upper });
    }

    public void Dispose() => _snapshot.Dispose();
}
