using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>The pieces a flush or compaction job runs against, without an engine: an in-memory directory, a file-number counter, a table cache.</summary>
internal sealed class JobBench : IDisposable
{
    private long _nextFile = 10;

    public JobBench(ColumnFamilyOptions? options = null)
    {
        Fs = new CountingFileSystem(new MemoryFileSystem());
        Fs.CreateDirectory(Dir);
        Cf = new ColumnFamilyState(0, "default", options ?? new ColumnFamilyOptions(), new Memtable(0));
        Outputs = new TableOutputContext(Fs, Dir, () => Interlocked.Increment(ref _nextFile), Stats, separator: null);
        Tables = new TableCache(Fs, Dir, new LruBlockCache(1 << 20), Stats);
    }

    public string Dir { get; } = "/db";
    public CountingFileSystem Fs { get; }
    public LsmStatistics Stats { get; } = new();
    public ColumnFamilyState Cf { get; }
    public TableOutputContext Outputs { get; }
    public TableCache Tables { get; }

    public FileMetadata Flush(Memtable mem, long smallestSnapshot) =>
        new FlushJob(Outputs, Cf, mem, smallestSnapshot).Run() ?? throw new InvalidOperationException("flush wrote nothing");

    public List<string> Read(FileMetadata f)
    {
        using var it = Tables.Get(f).NewIterator(fillCache: false);
        return JobInputs.Dump(it);
    }

    public int TableFiles() => Fs.ListFiles(Dir).Count(n => FileNames.Parse(n, out _) == FileNames.Kind.Table);

    public void Dispose() => Tables.Dispose();
}
