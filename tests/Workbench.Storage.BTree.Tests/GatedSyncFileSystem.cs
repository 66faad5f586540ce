using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// A file system whose syncs of some files can be held at a gate: while <see cref="Hold"/> is on, a Sync of
/// a path containing <c>pathContains</c> ("wal-" by default: the logs) blocks until <see cref="Release"/>. Lets a test line up writers behind a
/// slow fsync deterministically (waiting on conditions, not on time).
/// </summary>
internal sealed class GatedSyncFileSystem(IFileSystem inner, string pathContains = "wal-") : IFileSystem
{
    private readonly ManualResetEventSlim _open = new(true);
    private int _blocked;

    /// <summary>Syncs currently held at the gate.</summary>
    public int Blocked => Volatile.Read(ref _blocked);

    public void Hold() => _open.Reset();
    public void Release() => _open.Set();

    private void Gate(string path)
    {
        if (!path.Contains(pathContains, StringComparison.Ordinal)) return;
        Interlocked.Increment(ref _blocked);
        try
        {
            if (!_open.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("sync gate was never released");
        }
        finally
        {
            Interlocked.Decrement(ref _blocked);
        }
    }

    public IWritableFile CreateFile(string path, WriteCategory category) => new File(this, inner.CreateFile(path, category));
    public IWritableFile OpenWritable(string path, WriteCategory category) => new File(this, inner.OpenWritable(path, category));
    public IReadableFile OpenRead(string path) => inner.OpenRead(path);
    public bool FileExists(string path) => inner.FileExists(path);
    public long GetFileSize(string path) => inner.GetFileSize(path);
    public void DeleteFile(string path) => inner.DeleteFile(path);
    public void RenameFile(string source, string destination) => inner.RenameFile(source, destination);
    public void CreateDirectory(string path) => inner.CreateDirectory(path);
    public bool DirectoryExists(string path) => inner.DirectoryExists(path);
    public IReadOnlyList<string> ListFiles(string directory) => inner.ListFiles(directory);
    public void SyncDirectory(string directory) => inner.SyncDirectory(directory);
    public void DeleteDirectory(string path) => inner.DeleteDirectory(path);

    private sealed class File(GatedSyncFileSystem fs, IWritableFile f) : IWritableFile
    {
        public string Path => f.Path;
        public long Length => f.Length;

        public WriteCategory Category
        {
            get => f.Category;
            set => f.Category = value;
        }

        public void Append(ReadOnlySpan<byte> data) => f.Append(data);
        public void WriteAt(long offset, ReadOnlySpan<byte> data) => f.WriteAt(offset, data);
        public int ReadAt(long offset, Span<byte> buffer) => f.ReadAt(offset, buffer);
        public void Flush() => f.Flush();

        public void Sync()
        {
            fs.Gate(f.Path);
            f.Sync();
        }

        public void Truncate(long length) => f.Truncate(length);
        public void Dispose() => f.Dispose();
    }
}
