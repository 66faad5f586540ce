using System.Buffers;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan as the LSM's <see cref="IValueSeparator"/> (engine name "titan"): tables are built through
/// a <see cref="BlobSeparator"/>, references resolve through the <see cref="BlobStore"/>, and GC
/// rewrites go back through <see cref="IValueSeparatorHost"/>. Recovery checks that the blob
/// manifest lists every blob file a table points into; the manifest is committed (compacted) at its
/// first change (WAL replay writing a table) or once recovery is done. Thread-safe.
/// </summary>
internal sealed class TitanValueSeparator : IValueSeparator
{
    public TitanValueSeparator(IValueSeparatorHost host, CountingFileSystem fs, string dir, TitanOptions options)
    {
        Store = new BlobStore(host, fs, dir, options);
    }

    public BlobStore Store { get; }

    /// <summary>The plug-in for the "titan" engine name.</summary>
    public static ValueSeparatorPlugin Plugin(TitanOptions options) =>
        new("titan", TitanEngineFactory.OwnsTitanFile, (host, fs, dir) => new TitanValueSeparator(host, fs, dir, options));

    /// <summary>A plain lsm engine must not open a titan database: its SSTs hold BlobIndexes, not values.</summary>
    public static void RefuseTitanDirectory(IFileSystem fs, string dir)
    {
        if (!fs.DirectoryExists(dir)) return;
        foreach (var name in fs.ListFiles(dir))
            if (name.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal))
                throw new EngineConfigException($"{dir} holds a titan database (found {name}); open it with engine 'titan'");
    }

    /// <summary>The blob file set was opened by the constructor (so WAL replay can separate values); its file numbers are reserved.</summary>
    public long Open() => Store.Files.MaxFileNumber;

    public void VerifyRecoveredTable(long tableNumber, TableProperties properties) => RequireBlobFilesListed(tableNumber, properties);

    /// <summary>
    /// After recovery: checks the references of every SST (including tables written from replayed GC
    /// rewrites), accounts them, deletes orphan blob files (only now that no live table can point into
    /// them), seals known files, starts GC.
    /// </summary>
    public void Start(IReadOnlyList<(long Number, TableProperties Properties)> tables)
    {
        foreach (var (number, properties) in tables)
        {
            RequireBlobFilesListed(number, properties);
            Store.OnTableAdded(number, properties, FileNames.Table(number));
        }
        Store.Files.Commit();
        Store.Files.DeleteOrphans();
        Store.SealAll();
        Store.StartBackgroundGc();
    }

    private void RequireBlobFilesListed(long tableNumber, TableProperties properties)
    {
        var table = FileNames.Table(tableNumber);
        var refs = BlobGarbageTracker.DecodeProperty(properties.All.GetValueOrDefault(BlobGarbageTracker.PropertyName), table);
        foreach (var blob in refs.Keys) Store.Files.RequireListed(blob, table);
    }

    public ITablePropertiesCollector? NewPropertiesCollector(long tableNumber) => new BlobRefsCollector(FileNames.Table(tableNumber));

    /// <summary>A trivial move would leave the file's blob records behind in shallower files: level merge rewrites instead.</summary>
    public bool RewritesOnCompaction(FileMetadata[][] levels, int outputLevel) => LevelMergeFor(levels, outputLevel);

    public IValueSeparatorOutput NewTableOutput(int cf, string cfName, int outputLevel, FileMetadata[][]? levels) =>
        new BlobSeparator(Store, cf, Store.Options.MinBlobSizeFor(cfName), Store.Options.Mode, outputLevel, levels is not null && LevelMergeFor(levels, outputLevel), isFlush: levels is null);

    /// <summary>
    /// Level merge applies to compactions whose output is the deepest non-empty level or the level
    /// directly above it (Titan merges into the last two levels). Normal mode only.
    /// </summary>
    private bool LevelMergeFor(FileMetadata[][] levels, int outputLevel)
    {
        if (!Store.Options.LevelMerge || Store.Options.Mode != TitanMode.Normal || outputLevel == 0) return false;
        var deepest = outputLevel;
        for (var l = levels.Length - 1; l > deepest; l--)
            if (levels[l].Length > 0)
            {
                deepest = l;
                break;
            }
        return outputLevel >= Math.Max(1, deepest - 1);
    }

    /// <summary>
    /// Adds the new tables' blob references. A removed table's references are subtracted only when
    /// the table becomes obsolete (no version holds it, <see cref="OnTableObsolete"/>): an iterator
    /// pinning an older version may still follow them, and a compaction that moved records (level
    /// merge, fallback) keeps their sequence numbers, so the snapshot rule alone would not protect
    /// the old blob file.
    /// </summary>
    public void OnTablesAdded(IReadOnlyList<(long Number, TableProperties Properties)> tables)
    {
        foreach (var (number, properties) in tables) Store.OnTableAdded(number, properties, FileNames.Table(number));
        // The flush that made a GC's unlogged rewrites durable releases that GC's input files: delete
        // them now, before the flush returns, not when the GC thread next wakes — otherwise a reader of
        // the disk size right after Flush() (bench's space amp) sees dead files GC already replaced.
        if (Store.PendingDeleteCount > 0) Store.DeleteReleasedFiles();
        Store.RequestGc();
    }

    public void OnTableObsolete(long tableNumber)
    {
        Store.OnTableRemoved(tableNumber);
        Store.RequestGc();
    }

    public bool TryResolve(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> reference, IBufferWriter<byte> value) =>
        Store.TryReadValue(userKey, BlobIndex.Decode(reference, "lsm entry"), value, null);

    public Exception MissingValue(ReadOnlySpan<byte> reference)
    {
        var index = BlobIndex.Decode(reference, "lsm entry");
        return new CorruptionException(BlobFileFormat.FileName(index.FileNumber), index.Offset, "blob file a snapshot still needs was deleted");
    }

    public Exception StillMissing(int attempts) =>
        new CorruptionException(BlobFileFormat.FileName(0), -1, $"point get kept finding deleted blob files after {attempts} attempts");

    public IKvIterator NewIterator(DbIterator inner, IEngineSnapshot? implicitSnapshot) => new TitanIterator(inner, Store, implicitSnapshot);

    public void AddCounters(Dictionary<string, long> counters) => Store.AddCounters(counters);

    public string StatsText(long tableBytes) => Store.StatsText(tableBytes);

    public void StopBackgroundWork() => Store.StopGc();

    public void Dispose() => Store.Dispose();
}
