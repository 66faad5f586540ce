using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// The real file system. Appends are buffered in the handle (64 KiB) until <see cref="IWritableFile.Flush"/>,
/// a positional write, a read or the buffer fills; <see cref="IWritableFile.Sync"/> is fsync.
/// Thread-safe; see <see cref="IFileSystem"/> for the durability model.
/// </summary>
public sealed class LocalFileSystem : IFileSystem
{
    public static readonly LocalFileSystem Instance = new();

    public IWritableFile CreateFile(string path, WriteCategory category) =>
        new LocalWritableFile(path, FileMode.Create, category);

    public IWritableFile OpenWritable(string path, WriteCategory category) =>
        new LocalWritableFile(path, FileMode.OpenOrCreate, category);

    public IReadableFile OpenRead(string path) => new LocalReadableFile(path);

    public bool FileExists(string path) => File.Exists(path);

    public long GetFileSize(string path) => new FileInfo(path).Length;

    public void DeleteFile(string path) => File.Delete(path);

    public void RenameFile(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var names = new List<string>();
        foreach (var f in Directory.EnumerateFiles(directory)) names.Add(Path.GetFileName(f));
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
