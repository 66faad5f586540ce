using System.Buffers;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm;

/// <summary>The engine as a value separator sees it (<see cref="IValueSeparatorHost"/>): nothing else of the engine is reachable from Blob/.</summary>
public sealed partial class LsmEngine
{
    long IValueSeparatorHost.NewFileNumber() => _versions.NewFileNumber();

    long IValueSeparatorHost.LastSequence => Volatile.Read(ref _s.LastSequence);

    long IValueSeparatorHost.OldestSnapshotOrMax() => _s.Snapshots.OldestOrMax();

    bool IValueSeparatorHost.TryGetLatestRaw(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> raw, out ValueKind kind) => _s.TryGetLatestRaw(cf, key, raw, out kind);

    bool[] IValueSeparatorHost.WriteRewrites(int cf, IValueRewrites rewrites, out long sequence)
    {
        ThrowIfDisposed();
        return _writes.WriteRewrites(cf, rewrites, out sequence);
    }

    UnloggedWritesBarrier? IValueSeparatorHost.UnloggedWrites() => _s.UnflushedUnloggedMemtables() is { } list ? new UnloggedWritesBarrier(list) : null;
}
