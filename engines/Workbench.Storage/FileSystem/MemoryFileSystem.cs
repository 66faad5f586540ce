using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// A file system held in memory, for tests and for engines that should not touch disk. Thread-safe:
/// the namespace is guarded by one lock, each file's bytes by its own. Flush and Sync are no-ops
/// (everything written is immediately "durable" here); wrap it in <see cref="FaultInjectingFileSystem"/>
/// to model crashes.
/// </summary>
public sealed class MemoryFileSystem : IFileSystem
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MemoryFileData> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "", "/" };

    /// <inheritdoc/>
    public IWritableFile CreateFile(string path, WriteCategory category)
    {
        var p = FilePaths.Normalize(path);
        var data = new MemoryFileData();
        lock (_lock)
        {
            RequireParent(p);
            _files[p] = data;
        }
        return new MemoryFile(p, data, category);
    }

    /// <inheritdoc/>
    public IWritableFile OpenWritable(string path, WriteCategory category)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            if (!_files.TryGetValue(p, out var data))
            {
                RequireParent(p);
                data = new MemoryFileData();
                _files[p] = data;
            }
            return new MemoryFile(p, data, category);
        }
    }

    /// <inheritdoc/>
    public IReadableFile OpenRead(string path)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            if (!_files.TryGetValue(p, out var data)) throw new FileNotFoundException($"no such file: {p}", p);
            return new MemoryFile(p, data, WriteCategory.Other, readOnly: true);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Memory has no page cache to bypass: <see cref="ReadMode.Direct"/> reads as <see cref="ReadMode.Buffered"/> does (not counted as a fallback).</remarks>
    public IReadableFile OpenRead(string path, ReadMode mode) => OpenRead(path);

    /// <inheritdoc/>
    public bool FileExists(string path)
    {
        lock (_lock) return _files.ContainsKey(FilePaths.Normalize(path));
    }

    /// <inheritdoc/>
    public long GetFileSize(string path)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            if (!_files.TryGetValue(p, out var data)) throw new FileNotFoundException($"no such file: {p}", p);
            return data.Length;
        }
    }

    /// <inheritdoc/>
    public void DeleteFile(string path)
    {
        lock (_lock) _files.Remove(FilePaths.Normalize(path));
    }

    /// <inheritdoc/>
    public void RenameFile(string source, string destination)
    {
        var s = FilePaths.Normalize(source);
        var d = FilePaths.Normalize(destination);
        lock (_lock)
        {
            if (!_files.Remove(s, out var data)) throw new FileNotFoundException($"no such file: {s}", s);
            RequireParent(d);
            _files[d] = data;
        }
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            while (p.Length > 0 && _directories.Add(p)) p = FilePaths.DirectoryOf(p);
        }
    }

    /// <inheritdoc/>
    public bool DirectoryExists(string path)
    {
        lock (_lock) return _directories.Contains(FilePaths.Normalize(path));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory)
    {
        var dir = FilePaths.Normalize(directory);
        var names = new List<string>();
        lock (_lock)
        {
            if (!_directories.Contains(dir)) throw new DirectoryNotFoundException($"no such directory: {dir}");
            foreach (var path in _files.Keys)
                if (FilePaths.DirectoryOf(path) == dir) names.Add(FilePaths.FileName(path));
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        if (!DirectoryExists(directory)) throw new DirectoryNotFoundException($"no such directory: {directory}");
    }

    /// <inheritdoc/>
    public void DeleteDirectory(string path)
    {
        var p = FilePaths.Normalize(path);
        var prefix = p + "/";
        lock (_lock)
        {
            _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList().ForEach(k => _files.Remove(k));
            _directories.RemoveWhere(d => d == p || d.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Total bytes of all files under a directory (recursively).</summary>
    public long TotalBytes(string directory)
    {
        var prefix = FilePaths.Normalize(directory) + "/";
        long sum = 0;
        lock (_lock)
            foreach (var (path, data) in _files)
                if (path.StartsWith(prefix, StringComparison.Ordinal)) sum += data.Length;
        return sum;
    }

    private void RequireParent(string path)
    {
        var dir = FilePaths.DirectoryOf(path);
        if (!_directories.Contains(dir)) throw new DirectoryNotFoundException($"no such directory: {dir}");
    }
}
