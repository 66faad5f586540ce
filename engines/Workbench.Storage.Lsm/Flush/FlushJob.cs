using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Flush;

/// <summary>
/// Writes one memtable as an L0 table (LevelDB's BuildTable), synced. Versions shadowed by a newer
/// version of the same key that every reader sees are dropped, as RocksDB's flush does; tombstones
/// are kept (older data below may need hiding) — the rules of <see cref="CompactionIterator"/>
/// without a base-level check. Installing the table is the engine's part. Any thread, no lock.
/// </summary>
internal sealed class FlushJob
{
    private readonly TableOutputContext _context;
    private readonly ColumnFamilyState _cf;
    private readonly Memtable _mem;
    private readonly long _smallestSnapshot;

    /// <param name="context">Where the table goes: file system, directory, file numbers, table cache.</param>
    /// <param name="cf">The column family whose memtable is flushed (its options shape the table).</param>
    /// <param name="mem">The immutable memtable to write; not modified.</param>
    /// <param name="smallestSnapshot">The oldest sequence a reader may still ask for; <see cref="long.MaxValue"/> at recovery (no reader yet).</param>
    public FlushJob(TableOutputContext context, ColumnFamilyState cf, Memtable mem, long smallestSnapshot)
    {
        _context = context;
        _cf = cf;
        _mem = mem;
        _smallestSnapshot = smallestSnapshot;
    }

    /// <summary>The new table, or null when nothing was left to write (no file remains then).</summary>
    public FileMetadata? Run()
    {
        if (_mem.IsEmpty) return null;
        var output = new TableOutput(_context, _cf, 0, isFlush: true, _cf.Options.CompressionFor(0, bottommost: false), levelsForCompaction: null);
        try
        {
            using var it = _mem.NewIterator();
            var keep = new CompactionIterator(it, _smallestSnapshot, baseLevel: null);
            for (keep.SeekToFirst(); keep.Valid; keep.Next()) output.Add(keep.Key, keep.Value);
        }
        catch
        {
            output.Abandon();
            throw;
        }
        return output.Finish();
    }
}
