using System.Buffers;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// The value-separation plug-in of the LSM (Pebble's <c>valsep</c>, RocksDB's BlobDB, Titan,
/// WiscKey): which values leave the SSTs for separate files, how a reference is followed on a read,
/// and how the references are accounted and garbage-collected. The engine knows only this seam and
/// the entry kind <see cref="ValueKind.BlobIndex"/> (a reference the separator wrote; the engine never
/// decodes it). The separator talks back through <see cref="IValueSeparatorHost"/> only.
///
/// Lifecycle, as the engine calls it: <see cref="Open"/> before recovery (it may reserve file numbers);
/// <see cref="VerifyRecoveredTable"/> for every table of the recovered version before anything is
/// written; <see cref="Start"/> once recovery installed the first version; then, from any thread,
/// <see cref="NewTableOutput"/> per table build, <see cref="OnTablesAdded"/> after an edit that adds
/// tables is installed, <see cref="OnTableObsolete"/> when no version holds a table any more, reads
/// through <see cref="TryResolve"/> / <see cref="NewIterator"/>; at close <see cref="StopBackgroundWork"/>
/// before the engine's own threads stop, and <see cref="IDisposable.Dispose"/> last.
///
/// Adding another separator (say BlobDB's: values in blob files referenced by file number and offset,
/// garbage collected during compaction instead of by a GC thread): implement this interface and its
/// <see cref="IValueSeparatorOutput"/> in a folder of its own, and register an engine factory that
/// passes a <see cref="ValueSeparatorPlugin"/> (engine name, owned files, constructor) to
/// <see cref="LsmEngine"/>'s constructor, as TitanEngineFactory does — nothing in the engine changes. A WiscKey-style separator that never rewrites at compaction simply
/// returns outputs that pass every <see cref="ValueKind.BlobIndex"/> through unchanged and keeps
/// <see cref="RewritesOnCompaction"/> false so trivial moves stay allowed.
/// </summary>
internal interface IValueSeparator : IDisposable
{
    /// <summary>Before recovery: opens the separator's durable state; returns the highest file number it uses (0 when none).</summary>
    long Open();

    /// <summary>During recovery, before anything is written: throws <see cref="CorruptionException"/> when a table refers to separated values the separator does not know.</summary>
    void VerifyRecoveredTable(long tableNumber, TableProperties properties);

    /// <summary>After recovery installed the first version: accounts its tables (number and properties) and starts background work.</summary>
    void Start(IReadOnlyList<(long Number, TableProperties Properties)> tables);

    /// <summary>An extra properties collector for a table being built (the separator's reference accounting), or null.</summary>
    ITablePropertiesCollector? NewPropertiesCollector(long tableNumber);

    /// <summary>
    /// Whether a compaction into <paramref name="outputLevel"/> must rewrite its input (so a trivial
    /// move is not allowed): true when the output's value references would change (Titan's level merge).
    /// </summary>
    bool RewritesOnCompaction(FileMetadata[][] levels, int outputLevel);

    /// <summary>One table build's value writer (flush: <paramref name="outputLevel"/> 0). One thread.</summary>
    IValueSeparatorOutput NewTableOutput(int cf, string cfName, int outputLevel, FileMetadata[][]? levels);

    /// <summary>Under the engine mutex, after an edit adding <paramref name="tables"/> was installed.</summary>
    void OnTablesAdded(IReadOnlyList<(long Number, TableProperties Properties)> tables);

    /// <summary>Any thread: the last version holding the table was released (its references are gone).</summary>
    void OnTableObsolete(long tableNumber);

    /// <summary>
    /// Reads the value a <see cref="ValueKind.BlobIndex"/> entry points at. False when the value moved
    /// (GC rewrote the key and deleted the old file): the caller looks the key up again.
    /// </summary>
    bool TryResolve(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> reference, IBufferWriter<byte> value);

    /// <summary>The error for a reference a snapshot still needs that <see cref="TryResolve"/> could not follow.</summary>
    Exception MissingValue(ReadOnlySpan<byte> reference);

    /// <summary>The error when a point get kept finding moved values after <paramref name="attempts"/> attempts.</summary>
    Exception StillMissing(int attempts);

    /// <summary>
    /// A user iterator over <paramref name="inner"/> that resolves references lazily. The engine always
    /// passes an iterator reading at a snapshot; <paramref name="implicitSnapshot"/>, when not null, is
    /// the engine's own and the returned iterator disposes it.
    /// </summary>
    IKvIterator NewIterator(DbIterator inner, IEngineSnapshot? implicitSnapshot);

    /// <summary>Adds the separator's counters (prefixed with its name) to the engine's metrics.</summary>
    void AddCounters(Dictionary<string, long> counters);

    /// <summary>The separator's section of the "stats" property; <paramref name="tableBytes"/> = bytes in all SSTs.</summary>
    string StatsText(long tableBytes);

    /// <summary>At close, before the engine stops its threads: stops the separator's background work.</summary>
    void StopBackgroundWork();
}
