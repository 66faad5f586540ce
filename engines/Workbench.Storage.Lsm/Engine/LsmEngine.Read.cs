using System.Buffers;

namespace Workbench.Storage.Lsm;

/// <summary>Read path: point lookups, iterators, snapshots.</summary>
public sealed partial class LsmEngine
{
    private readonly Lock _snapLock = new();
    private readonly SortedDictionary<long, int> _snapshots = [];

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        var id = CheckHandle(cf);
        _stats.Add(LsmStatistics.Ticker.GetCount);
        if (_blobs is not null) return TitanGet(id, key, value, options);
        var sv = AcquireSuperVersion(id, options, out var seq);
        try
        {
            var keyLength = key.Length + InternalKey.TrailerSize;
            var rented = ArrayPool<byte>.Shared.Rent(keyLength);
            try
            {
                var seek = rented.AsSpan(0, keyLength);
                InternalKey.Write(seek, key, seq, InternalKey.SeekKind);
                if (sv.Mem.TryGet(seek, out var node) || TryImmutables(sv, seek, out node))
                {
                    _stats.Add(LsmStatistics.Ticker.MemtableHits);
                    if (InternalKey.Kind(node!.Key) == ValueKind.Deletion) return false;
                    value.Write(node.Value);
                    return true;
                }
                return GetFromFiles(sv.Version, id, seek, key, value, options?.FillCache ?? true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        finally
        {
            sv.Unref();
        }
    }

    private static bool TryImmutables(SuperVersion sv, ReadOnlySpan<byte> seek, out SkipListNode? node)
    {
        foreach (var m in sv.Immutables)
            if (m.TryGet(seek, out node)) return true;
        node = null;
        return false;
    }

    private bool GetFromFiles(LsmVersion v, int cf, ReadOnlySpan<byte> seek, ReadOnlySpan<byte> userKey, IBufferWriter<byte> value, bool fillCache)
    {
        var hash = BloomFilter.Hash(userKey);
        var levels = v.Files[cf];
        foreach (var f in levels[0]) // newest first
        {
            if (userKey.SequenceCompareTo(f.SmallestUserKey) < 0 || userKey.SequenceCompareTo(f.LargestUserKey) > 0) continue;
            if (GetTable(f).TryGet(seek, hash, value, out var kind, fillCache)) return kind == ValueKind.Value;
        }
        for (var l = 1; l < levels.Length; l++)
        {
            var files = levels[l];
            if (files.Length == 0) continue;
            var i = LsmVersion.FindFile(files, seek);
            if (i >= files.Length) continue;
            var f = files[i];
            if (userKey.SequenceCompareTo(f.SmallestUserKey) < 0) continue;
            if (GetTable(f).TryGet(seek, hash, value, out var kind, fillCache)) return kind == ValueKind.Value;
        }
        return false;
    }

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null) =>
        _blobs is null ? NewDbIterator(cf, options) : NewTitanIterator(cf, options);

    private DbIterator NewDbIterator(ColumnFamilyHandle cf, ReadOptions? options)
    {
        ThrowIfDisposed();
        var id = CheckHandle(cf);
        var sv = AcquireSuperVersion(id, options, out var seq);
        try
        {
            var fill = options?.FillCache ?? true;
            var children = new List<IInternalIterator> { sv.Mem.NewIterator() };
            foreach (var m in sv.Immutables) children.Add(m.NewIterator());
            var levels = sv.Version.Files[id];
            foreach (var f in levels[0]) children.Add(GetTable(f).NewIterator(fill));
            for (var l = 1; l < levels.Length; l++)
                if (levels[l].Length > 0) children.Add(new LevelIterator(levels[l], GetTable, fill));
            var lower = options?.LowerBound?.ToArray();
            var upper = options?.UpperBound?.ToArray();
            return new DbIterator(new MergingIterator(children.ToArray()), seq, lower, upper, sv.Unref);
        }
        catch
        {
            sv.Unref();
            throw;
        }
    }

    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        lock (_snapLock)
        {
            var seq = Volatile.Read(ref _lastSequence);
            _snapshots[seq] = _snapshots.GetValueOrDefault(seq) + 1;
            return new LsmSnapshot(this, seq);
        }
    }

    internal void ReleaseSnapshot(long seq)
    {
        lock (_snapLock)
        {
            if (!_snapshots.TryGetValue(seq, out var n)) return;
            if (n <= 1) _snapshots.Remove(seq);
            else _snapshots[seq] = n - 1;
        }
    }

    /// <summary>The oldest sequence some reader may still ask for: compaction keeps what it needs.</summary>
    private long SmallestSnapshot()
    {
        lock (_snapLock)
        {
            foreach (var s in _snapshots.Keys) return s;
            return Volatile.Read(ref _lastSequence);
        }
    }

    internal int SnapshotCount
    {
        get { lock (_snapLock) return _snapshots.Count; }
    }

    /// <summary>
    /// Pins the read view of a column family together with the sequence to read at. Without a
    /// snapshot the sequence is taken under the same lock, so no compaction installed after the view
    /// can have dropped a version this read needs (it only drops versions shadowed at or below a
    /// sequence that was already published).
    /// </summary>
    private SuperVersion AcquireSuperVersion(int cf, ReadOptions? options, out long sequence)
    {
        long? fixedSeq = options?.Snapshot is null ? null : SnapshotSequence(options);
        lock (_svLock)
        {
            var sv = _cfs[cf].Super;
            sv.Ref();
            sequence = fixedSeq ?? Volatile.Read(ref _lastSequence);
            return sv;
        }
    }

    private long SnapshotSequence(ReadOptions options)
    {
        if (options.Snapshot is not LsmSnapshot s || !ReferenceEquals(s.Owner, this))
            throw new ArgumentException("the snapshot was not issued by this engine", nameof(options));
        if (s.IsDisposed) throw new ObjectDisposedException(nameof(IEngineSnapshot), "the snapshot was disposed");
        return s.Sequence;
    }
}
