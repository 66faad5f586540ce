using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// The IO part of one compaction (Pebble's compaction.go runCompaction): merges the inputs through a
/// <see cref="CompactionIterator"/> (versions no snapshot can see and tombstones at the base level
/// dropped) into new files of the output level, synced, their directory entries too. Output files
/// are cut only between user keys, so the versions of one key never straddle two files of a level.
/// Picking, the version edit and its install are the engine's part. One thread, no lock; the
/// caller holds the input version referenced and marks the inputs as being compacted.
/// </summary>
internal sealed class CompactionJob
{
    private readonly TableOutputContext _context;
    private readonly TableCache _tables;
    private readonly ColumnFamilyState _cf;
    private readonly CompactionInputs _c;
    private readonly FileMetadata[][] _levels;
    private readonly long _smallestSnapshot;
    private readonly Func<bool> _stopping;
    private readonly int _baseLevel;
    private readonly int _readaheadSize;

    /// <param name="context">Where output tables are written (directory, options, counters).</param>
    /// <param name="tables">Open input tables.</param>
    /// <param name="cf">The column family compacted.</param>
    /// <param name="c">The picked inputs and output level.</param>
    /// <param name="version">The version the inputs were picked from (grandparents and base level come from it).</param>
    /// <param name="smallestSnapshot">Oldest sequence a live snapshot can read; older shadowed versions are dropped.</param>
    /// <param name="stopping">True once the engine is closing: the job stops between output tables.</param>
    /// <param name="readaheadSize">Bytes read at a time from each input table (compaction_readahead_size).</param>
    public CompactionJob(TableOutputContext context, TableCache tables, ColumnFamilyState cf, CompactionInputs c, LsmVersion version, long smallestSnapshot, Func<bool> stopping, int readaheadSize = 2 << 20)
    {
        _baseLevel = version.Targets(c.Cf, cf.Options).BaseLevel;
        _readaheadSize = readaheadSize;
        _context = context;
        _tables = tables;
        _cf = cf;
        _c = c;
        _levels = version.Files[c.Cf];
        _smallestSnapshot = smallestSnapshot;
        _stopping = stopping;
    }

    /// <summary>The finished output tables, in key order.</summary>
    public List<FileMetadata> Outputs { get; } = [];

    /// <summary>Runs the merge. On failure the unfinished output is deleted; finished ones stay listed in <see cref="Outputs"/> for <see cref="DeleteOutputs"/>.</summary>
    public void Run()
    {
        var children = new List<IInternalIterator>();
        foreach (var f in _c.AllInputs) children.Add(_tables.Get(f).NewIterator(fillCache: false, compaction: true, _readaheadSize));
        using var merged = new MergingIterator(children.ToArray());
        var target = _cf.Options.TargetFileSize(_c.OutputLevel, _baseLevel);
        var compression = _cf.Options.CompressionFor(_c.OutputLevel, IsBottommost(_levels, _c), _baseLevel);
        var keep = new CompactionIterator(merged, _smallestSnapshot, new BaseLevelCheck(_levels, _c.OutputLevel));
        var cutter = new GrandparentCutter(_c.OutputLevel > 0 && _c.OutputLevel + 1 < _levels.Length ? _levels[_c.OutputLevel + 1] : [], target, _cf.Options.LevelCompactionDynamicFileSize, _cf.Options.EffectiveMaxCompactionBytes);
        TableOutput? output = null;
        try
        {
            for (keep.SeekToFirst(); keep.Valid; keep.Next())
            {
                if (_stopping()) throw new OperationCanceledException("engine is closing");
                if (keep.StartsUserKey)
                {
                    // The cutter sees every user key (also the first, with no output open) so its
                    // grandparent position and overlap follow RocksDB's; cuts happen only between user keys.
                    var userKey = InternalKey.UserKey(keep.Key);
                    var cut = cutter.ShouldCutBefore(userKey, output?.EstimatedFileSize ?? -1);
                    if (output is not null && (cut || output.EstimatedFileSize >= target))
                    {
                        cutter.Reset(userKey);
                        var done = output;
                        output = null;
                        if (done.Finish() is { } meta) Outputs.Add(meta);
                    }
                }
                output ??= new TableOutput(_context, _cf, _c.OutputLevel, isFlush: false, compression, _levels);
                output.Add(keep.Key, keep.Value);
            }
            if (output is not null)
            {
                var done = output;
                output = null;
                if (done.Finish() is { } meta) Outputs.Add(meta);
            }
            if (Outputs.Count > 0) _context.FileSystem.SyncDirectory(_context.Directory);
        }
        catch
        {
            output?.Abandon();
            throw;
        }
    }

    /// <summary>After a failed run: deletes the finished outputs (nothing lists them).</summary>
    public void DeleteOutputs()
    {
        foreach (var o in Outputs) FileDeletion.TryDelete(_context.FileSystem, FilePaths.Combine(_context.Directory, FileNames.Table(o.Number)));
    }

    /// <summary>
    /// RocksDB's Compaction::IsBottommostLevel: the output is the bottommost level for the compaction's
    /// key range when no deeper level holds a file overlapping it (the version the compaction holds).
    /// Decides <c>bottommost_compression</c>.
    /// </summary>
    public static bool IsBottommost(FileMetadata[][] levels, CompactionInputs c)
    {
        byte[]? lo = null, hi = null; // internal keys; compared by user key
        foreach (var f in c.AllInputs)
        {
            if (lo is null || f.SmallestUserKey.SequenceCompareTo(InternalKey.UserKey(lo)) < 0) lo = f.Smallest;
            if (hi is null || f.LargestUserKey.SequenceCompareTo(InternalKey.UserKey(hi)) > 0) hi = f.Largest;
        }
        if (lo is null || hi is null) return c.OutputLevel == levels.Length - 1;
        for (var l = c.OutputLevel + 1; l < levels.Length; l++)
            foreach (var f in levels[l])
                if (f.SmallestUserKey.SequenceCompareTo(InternalKey.UserKey(hi)) <= 0 && f.LargestUserKey.SequenceCompareTo(InternalKey.UserKey(lo)) >= 0) return false;
        return true;
    }
}
