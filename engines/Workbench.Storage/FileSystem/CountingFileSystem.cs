using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// Wraps a file system and counts bytes and operations by <see cref="WriteCategory"/> (the
/// engine-level ruler of write amplification), plus bytes read and syncs. Thread-safe.
/// </summary>
public sealed class CountingFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;

    /// <summary>Counts every operation that goes through to <paramref name="inner"/>.</summary>
    public CountingFileSystem(IFileSystem inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>Bytes and operations counted so far (live; take a Snapshot for a reading).</summary>
    public IoCounters Counters { get; } = new();

    /// <summary>The wrapped file system.</summary>
    public IFileSystem Inner => _inner;

    /// <inheritdoc/>
    public IWritableFile CreateFile(string path, WriteCategory category) => new CountingFile(_inner.CreateFile(path, category), Counters);
    /// <inheritdoc/>
    public IWritableFile OpenWritable(string path, WriteCategory category) => new CountingFile(_inner.OpenWritable(path, category), Counters);
    /// <inheritdoc/>
    public IReadableFile OpenRead(string path) => new CountingReadableFile(_inner.OpenRead(path), Counters);
    /// <inheritdoc/>
    public IReadableFile OpenRead(string path, ReadMode mode) => new CountingReadableFile(_inner.OpenRead(path, mode), Counters);
    /// <inheritdoc/>
    public bool FileExists(string path) => _inner.FileExists(path);
    /// <inheritdoc/>
    public long GetFileSize(string path) => _inner.GetFileSize(path);
    /// <inheritdoc/>
    public void DeleteFile(string path) => _inner.DeleteFile(path);
    /// <inheritdoc/>
    public void RenameFile(string source, string destination) => _inner.RenameFile(source, destination);
    /// <inheritdoc/>
    public void CreateDirectory(string path) => _inner.CreateDirectory(path);
    /// <inheritdoc/>
    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);
    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        _inner.SyncDirectory(directory);
        Counters.AddSync();
    }

    /// <inheritdoc/>
    public void DeleteDirectory(string path) => _inner.DeleteDirectory(path);

    private sealed class CountingReadableFile(IReadableFile inner, IoCounters counters) : IReadableFile
    {
        public string Path => inner.Path;
        public long Length => inner.Length;

        public int ReadAt(long offset, Span<byte> buffer)
        {
            var n = inner.ReadAt(offset, buffer);
            counters.AddRead(n);
            return n;
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class CountingFile(IWritableFile inner, IoCounters counters) : IWritableFile
    {
        public string Path => inner.Path;
        public long Length => inner.Length;

        public WriteCategory Category
        {
            get => inner.Category;
            set => inner.Category = value;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            inner.Append(data);
            counters.AddWrite(inner.Category, data.Length);
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            inner.WriteAt(offset, data);
            counters.AddWrite(inner.Category, data.Length);
        }

        public int ReadAt(long offset, Span<byte> buffer)
        {
            var n = inner.ReadAt(offset, buffer);
            counters.AddRead(n);
            return n;
        }

        public void Flush() => inner.Flush();

        public void Sync()
        {
            inner.Sync();
            counters.AddSync();
        }

        public void Truncate(long length) => inner.Truncate(length);
        public void Dispose() => inner.Dispose();
    }
}
