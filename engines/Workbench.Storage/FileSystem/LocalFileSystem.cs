using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// The real file system. Appends are buffered in the handle (64 KiB) until <see cref="IWritableFile.Flush"/>,
/// a positional write, a read or the buffer fills; <see cref="IWritableFile.Sync"/> is fsync.
/// Reads are buffered unless opened with <see cref="ReadMode.Direct"/> (O_DIRECT).
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
    /// <remarks>
    /// <see cref="ReadMode.Direct"/> on Linux (x86-64, arm64) opens with O_DIRECT and reads whole
    /// 4 KiB-aligned blocks into an aligned buffer, copying out the requested range
    /// (<see cref="LocalDirectReadableFile"/>). Where O_DIRECT is refused it reads buffered and counts
    /// a <see cref="DirectReadFallbacks"/>.
    /// </remarks>
    public IReadableFile OpenRead(string path, ReadMode mode) =>
        mode == ReadMode.Direct ? LocalDirectReadableFile.Open(path) : new LocalReadableFile(path);

    /// <summary>
    /// Files (process-wide, since start) opened with <see cref="ReadMode.Direct"/> that read buffered
    /// because O_DIRECT was refused (unsupported platform or file system, or a read the file system
    /// rejected). The first such fallback also writes one line to standard error.
    /// </summary>
    public static long DirectReadFallbacks => DirectIo.Fallbacks;

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
