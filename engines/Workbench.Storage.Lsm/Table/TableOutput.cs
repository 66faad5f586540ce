using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.ValueSeparation;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// One table file being written by a flush or compaction (LevelDB's builder.cc around a
/// <see cref="TableBuilder"/>): the builder with the column family's properties collectors and the
/// value separator's, and the separator's output the entries go through.
/// <see cref="Finish"/> makes the separated values durable first, then finishes and syncs the
/// table; <see cref="Abandon"/> (on failure) removes the table file. One thread, no lock.
/// </summary>
internal sealed class TableOutput
{
    private readonly TableBuilder _builder;
    private readonly IValueSeparatorOutput? _values;
    private readonly CountingFileSystem _fs;
    private bool _done;

    public TableOutput(TableOutputContext context, ColumnFamilyState cf, int level, bool isFlush, CompressionType compression, FileMetadata[][]? levelsForCompaction)
    {
        _fs = context.FileSystem;
        Number = context.NewFileNumber();
        Path = FilePaths.Combine(context.Directory, FileNames.Table(Number));
        var o = cf.Options;
        var collectors = new List<ITablePropertiesCollector>();
        foreach (var f in o.TablePropertiesCollectorFactories) collectors.Add(f(new TableBuildContext(cf.Name, Number, level, isFlush)));
        if (context.Separator?.NewPropertiesCollector(Number) is { } extra) collectors.Add(extra);
        _builder = new TableBuilder(_fs.CreateFile(Path, isFlush ? WriteCategory.Flush : WriteCategory.Compaction), o.BlockSize, o.BloomBitsPerKey, cf.Name,
            collectors, compression, o.CompressionLevel, context.Statistics);
        try
        {
            _values = context.Separator?.NewTableOutput(cf.Id, cf.Name, level, levelsForCompaction);
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    public long Number { get; }
    public string Path { get; }
    public long EstimatedFileSize => _builder.EstimatedFileSize;

    public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        if (_values is null) _builder.Add(internalKey, value);
        else _values.Add(_builder, internalKey, value);
    }

    /// <summary>
    /// Separated values durable and recorded, then the table finished, synced and closed. Null (and
    /// the file deleted) when no entry was written. On failure the table file is deleted.
    /// </summary>
    public FileMetadata? Finish()
    {
        try
        {
            _values?.Finish(); // blob files durable and recorded before the table can be installed
            _values?.Dispose();
            if (_builder.Entries == 0)
            {
                _done = true;
                _builder.Dispose();
                TryDelete();
                return null;
            }
            var size = _builder.Finish();
            _builder.File.Sync();
            _done = true;
            _builder.Dispose();
            return new FileMetadata(Number, size, _builder.Smallest!, _builder.Largest!, _builder.SmallestSequence, _builder.LargestSequence);
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    /// <summary>On failure: drops the separator's unfinished output and deletes the table file. Idempotent.</summary>
    public void Abandon()
    {
        if (_done) return;
        _done = true;
        _values?.Dispose();
        try { _builder.Dispose(); } catch (IOException) { }
        TryDelete();
    }

    private void TryDelete() => FileDeletion.TryDelete(_fs, Path);
}
