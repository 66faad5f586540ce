using System.Buffers;

namespace Workbench.Storage.Lsm;

/// <summary>The engine as a value separator sees it (<see cref="IValueSeparatorHost"/>): nothing else of the engine is reachable from Blob/.</summary>
public sealed partial class LsmEngine
{
    long IValueSeparatorHost.NewFileNumber() => _versions.NewFileNumber();

    long IValueSeparatorHost.LastSequence => Volatile.Read(ref _lastSequence);

    long IValueSeparatorHost.OldestSnapshotOrMax() => _snapshots.OldestOrMax();

    bool IValueSeparatorHost.TryGetLatestRaw(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> raw, out ValueKind kind) => TryGetLatestRaw(cf, key, raw, out kind);

    /// <summary>The newest entry of the key at the last published sequence, raw; no block-cache fill (GC checks).</summary>
    private bool TryGetLatestRaw(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> raw, out ValueKind kind)
    {
        SuperVersion sv;
        long seq;
        lock (_svLock)
        {
            sv = _cfs[cf].Super;
            sv.Ref();
            seq = Volatile.Read(ref _lastSequence);
        }
        try
        {
            return _lookup.TryGet(sv, cf, key, seq, raw, out kind, fillCache: false, countMemtableHit: false);
        }
        finally
        {
            sv.Unref();
        }
    }

    bool[] IValueSeparatorHost.WriteRewrites(int cf, IValueRewrites rewrites, out long sequence) => WriteRewrites(cf, rewrites, out sequence);

    UnloggedWritesBarrier? IValueSeparatorHost.UnloggedWrites() => UnflushedUnloggedMemtables() is { } list ? new UnloggedWritesBarrier(list) : null;
}
