using System.Buffers;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm;

/// <summary>Read path: point lookups, iterators, snapshots.</summary>
public sealed partial class LsmEngine
{
    private const int MaxResolveAttempts = 1000;

    /// <summary>Per-thread scratch for raw lookups (separated point gets and GC checks), so a get allocates nothing of its own.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_raw;

    /// <inheritdoc/>
    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        var id = CheckHandle(cf);
        _stats.Add(LsmStatistics.Ticker.GetCount);
        try
        {
            return _separator is not null ? TryGetSeparated(id, key, value, options) : TryGetPlain(id, key, value, options);
        }
        catch (IOException e)
        {
            throw StorageIOException.From(e, "lsm get");
        }
    }

    private bool TryGetPlain(int id, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options)
    {
        var sv = AcquireSuperVersion(id, options, out var seq);
        try
        {
            return _s.Lookup.TryGet(sv, id, key, seq, value, out var kind, options?.FillCache ?? true, countMemtableHit: true) && kind == ValueKind.Value;
        }
        finally
        {
            sv.Unref();
        }
    }

    /// <summary>
    /// Point get that follows a separated value's reference. The view stays pinned until the value is
    /// read, so its tables keep the reference counted live. If the value moved anyway (GC rewrote the
    /// key before this get looked), read again; with a snapshot that is corruption.
    /// </summary>
    private bool TryGetSeparated(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options)
    {
        var raw = t_raw ??= new ArrayBufferWriter<byte>();
        for (var attempt = 0; attempt < MaxResolveAttempts; attempt++)
        {
            raw.ResetWrittenCount();
            var sv = AcquireSuperVersion(cf, options, out var seq);
            try
            {
                if (!_s.Lookup.TryGet(sv, cf, key, seq, raw, out var kind, options?.FillCache ?? true, countMemtableHit: false) || kind == ValueKind.Deletion) return false;
                if (kind == ValueKind.Value)
                {
                    value.Write(raw.WrittenSpan);
                    return true;
                }
                if (_separator!.TryResolve(key, raw.WrittenSpan, value)) return true;
                if (options?.Snapshot is not null) throw _separator.MissingValue(raw.WrittenSpan);
            }
            finally
            {
                sv.Unref();
            }
        }
        throw _separator!.StillMissing(MaxResolveAttempts);
    }

    /// <inheritdoc/>
    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null) =>
        _separator is null ? NewDbIterator(cf, options) : NewSeparatedIterator(cf, options);

    /// <summary>With a value separator iterators always read at a snapshot (implicit if none given), so GC cannot delete a value they may still load.</summary>
    private IKvIterator NewSeparatedIterator(ColumnFamilyHandle cf, ReadOptions? options)
    {
        IEngineSnapshot? implicitSnapshot = null;
        if (options?.Snapshot is null)
        {
            implicitSnapshot = GetSnapshot();
            options = new ReadOptions { Snapshot = implicitSnapshot, LowerBound = options?.LowerBound, UpperBound = options?.UpperBound, FillCache = options?.FillCache ?? true };
        }
        try
        {
            return _separator!.NewIterator(NewDbIterator(cf, options), implicitSnapshot);
        }
        catch
        {
            implicitSnapshot?.Dispose();
            throw;
        }
    }

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
            foreach (var f in levels[0]) children.Add(_tables.Get(f).NewIterator(fill));
            for (var l = 1; l < levels.Length; l++)
                if (levels[l].Length > 0) children.Add(new LevelIterator(levels[l], _tables.Get, fill));
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

    /// <inheritdoc/>
    public IEngineSnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        return new LsmSnapshot(this, _s.Snapshots.Take(ref _s.LastSequence));
    }

    internal void ReleaseSnapshot(long seq) => _s.Snapshots.Release(seq);


    internal int SnapshotCount => _s.Snapshots.Count;

    /// <summary>
    /// Pins the read view of a column family together with the sequence to read at. Without a
    /// snapshot the sequence is taken under the same lock, so no compaction installed after the view
    /// can have dropped a version this read needs (it only drops versions shadowed at or below a
    /// sequence that was already published).
    /// </summary>
    private SuperVersion AcquireSuperVersion(int cf, ReadOptions? options, out long sequence)
    {
        long? fixedSeq = options?.Snapshot is null ? null : SnapshotSequence(options);
        lock (_s.SvLock)
        {
            var sv = _cfs[cf].Super;
            sv.Ref();
            sequence = fixedSeq ?? Volatile.Read(ref _s.LastSequence);
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
