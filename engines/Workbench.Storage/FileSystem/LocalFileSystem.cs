using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// The real file system. Appends are buffered in the handle (64 KiB) until <see cref="IWritableFile.Flush"/>,
/// a positional write, a read or the buffer fills; <see cref="IWritableFile.Sync"/> is fsync.
/// Thread-safe; see <see cref="IFileSystem"/> for the durability model.
/// </summary>
public sealed class LocalFileSystem : IFileSystem
{
    /// <summary>The shared instance (the class holds no state).</summary>
    public static readonly LocalFileSystem Instance = new();

    /// <inheritdoc/>
    public IWritableFile CreateFile(string path, WriteCategory category) =>
        new LocalWritableFile(path, FileMode.Create, category);

    /// <inheritdoc/>
    public IWritableFile OpenWritable(string path, WriteCategory category) =>
        new LocalWritableFile(path, FileMode.OpenOrCreate, category);

    /// <inheritdoc/>
    public IReadableFile OpenRead(string path) => new LocalReadableFile(path);

    /// <inheritdoc/>
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc/>
    public long GetFileSize(string path) => new FileInfo(path).Length;

    /// <inheritdoc/>
    public void DeleteFile(string path) => File.Delete(path);

    /// <inheritdoc/>
    public void RenameFile(string source, string destination) => File.Move(source, destination, overwrite: true);

    /// <inheritdoc/>
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc/>
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory)
    {
        var names = new List<string>();
        foreach (var f in Directory.EnumerateFiles(directory)) names.Add(Path.GetFileName(f));
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc/>
    public void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    /// <inheritdoc/>
    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
