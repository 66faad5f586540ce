using System.Buffers;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// What an <see cref="IValueSeparator"/> may ask of the engine (its whole view of it): file numbers
/// from the engine's counter, sequences and snapshots, raw lookups of the newest entry, checked
/// rewrites through the write queue (GC), and a barrier for writes that exist only in memtables.
/// Thread-safe.
/// </summary>
internal interface IValueSeparatorHost
{
    /// <summary>A fresh number from the engine's file-number counter (shared with tables and logs).</summary>
    long NewFileNumber();

    /// <summary>The last published sequence.</summary>
    long LastSequence { get; }

    /// <summary>The oldest live snapshot's sequence, or <see cref="long.MaxValue"/> when there is none.</summary>
    long OldestSnapshotOrMax();

    /// <summary>
    /// The newest entry for <paramref name="key"/> in <paramref name="cf"/>, raw (a reference is not
    /// followed); its value goes to <paramref name="raw"/>. False when there is no entry.
    /// </summary>
    bool TryGetLatestRaw(int cf, ReadOnlySpan<byte> key, IBufferWriter<byte> raw, out ValueKind kind);

    /// <summary>
    /// Writes <paramref name="rewrites"/> (new references) through the write queue, synced like a
    /// synced user write — also when nothing is applied, so every write a GC decision relied on is
    /// durable. The write leader re-checks each key just before inserting (<see cref="IValueRewrites.StillCurrent"/>),
    /// while no other write can interleave. Returns, per rewrite, whether it was applied; <paramref name="sequence"/> = last sequence after it.
    /// </summary>
    bool[] WriteRewrites(int cf, IValueRewrites rewrites, out long sequence);

    /// <summary>
    /// The memtables holding DisableWal writes not yet flushed (durable only once flushed), or null
    /// when there is none: a GC that judged records dead on their account waits until it has passed.
    /// </summary>
    UnloggedWritesBarrier? UnloggedWrites();
}
