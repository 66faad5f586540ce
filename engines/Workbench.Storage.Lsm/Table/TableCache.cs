using System.Collections.Concurrent;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// The open table readers of one engine (LevelDB's TableCache, unbounded): one reader per table
/// file, opened on first use; a file that fails to open keeps failing the same way. Thread-safe.
/// </summary>
internal sealed class TableCache : IDisposable
{
    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly LruBlockCache _blocks;
    private readonly LsmStatistics _stats;
    private readonly ReadMode _readMode;
    private readonly ConcurrentDictionary<long, Lazy<TableReader>> _tables = new();

    /// <summary>Readers over the table files of <paramref name="dir"/>, opened in <paramref name="readMode"/> (<see cref="ReadMode.Direct"/> with use_direct_reads).</summary>
    public TableCache(CountingFileSystem fs, string dir, LruBlockCache blocks, LsmStatistics stats, ReadMode readMode = ReadMode.Buffered)
    {
        _readMode = readMode;
        _fs = fs;
        _dir = dir;
        _blocks = blocks;
        _stats = stats;
    }

    /// <summary>The open reader of <paramref name="f"/>. An open table is a dictionary lookup (no
    /// allocation: the read path calls this for every table it probes); the first use opens it.</summary>
    public TableReader Get(FileMetadata f) =>
        _tables.TryGetValue(f.Number, out var open) ? open.Value : Open(f);

    private TableReader Open(FileMetadata f)
    {
        var lazy = _tables.GetOrAdd(f.Number, num => new Lazy<TableReader>(() =>
        {
            var path = FilePaths.Combine(_dir, FileNames.Table(num));
            var file = _fs.OpenRead(path, _readMode);
            try
            {
                return new TableReader(file, path, num, f.Size, _blocks, _stats);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>The table is obsolete: closes its reader and drops its blocks from the block cache.</summary>
    public void Evict(long number)
    {
        if (_tables.TryRemove(number, out var t) && t.IsValueCreated)
        {
            try { t.Value.Dispose(); }
            catch (CorruptionException) { /* the reader never opened; nothing to close */ }
        }
        _blocks.EraseFile(number);
    }

    public void Dispose()
    {
        foreach (var t in _tables.Values)
            if (t.IsValueCreated) t.Value.Dispose();
        _tables.Clear();
    }
}
