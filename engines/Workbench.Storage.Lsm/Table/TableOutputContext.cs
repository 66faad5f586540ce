using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm.Table;

/// <summary>What a <see cref="TableOutput"/> needs of its engine: the file system and directory, the file-number counter, counters and the value separator (null: none). Thread-safe.</summary>
internal sealed class TableOutputContext(CountingFileSystem fileSystem, string directory, Func<long> newFileNumber, LsmStatistics statistics, IValueSeparator? separator)
{
    public CountingFileSystem FileSystem { get; } = fileSystem;
    public string Directory { get; } = directory;
    public LsmStatistics Statistics { get; } = statistics;
    public IValueSeparator? Separator { get; } = separator;

    public long NewFileNumber() => newFileNumber();
}
