using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Testing.FileSystems;

/// <summary>
/// The forwarding part of the tests' wrapping file systems (gates, logs, cut-offs): every call goes
/// to <see cref="Inner"/> unless a derived class overrides it; writable files it opens pass through
/// <see cref="Wrap"/> so a derived class can wrap them too (<see cref="WrappingWritableFile"/>).
/// Thread-safety is the inner file system's plus whatever the derived class adds.
/// </summary>
public abstract class WrappingFileSystem(IFileSystem inner) : IFileSystem
{
    /// <summary>The wrapped file system.</summary>
    public IFileSystem Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Wraps a writable file the inner file system opened; the default returns it as is.</summary>
    protected virtual IWritableFile Wrap(IWritableFile file) => file;

    /// <inheritdoc/>
    public virtual IWritableFile CreateFile(string path, WriteCategory category) => Wrap(Inner.CreateFile(path, category));
    /// <inheritdoc/>
    public virtual IWritableFile OpenWritable(string path, WriteCategory category) => Wrap(Inner.OpenWritable(path, category));
    /// <inheritdoc/>
    public virtual IReadableFile OpenRead(string path) => Inner.OpenRead(path);
    /// <inheritdoc/>
    public virtual IReadableFile OpenRead(string path, ReadMode mode) => Inner.OpenRead(path, mode);
    /// <inheritdoc/>
    public virtual bool FileExists(string path) => Inner.FileExists(path);
    /// <inheritdoc/>
    public virtual long GetFileSize(string path) => Inner.GetFileSize(path);
    /// <inheritdoc/>
    public virtual void DeleteFile(string path) => Inner.DeleteFile(path);
    /// <inheritdoc/>
    public virtual void RenameFile(string source, string destination) => Inner.RenameFile(source, destination);
    /// <inheritdoc/>
    public virtual void CreateDirectory(string path) => Inner.CreateDirectory(path);
    /// <inheritdoc/>
    public virtual bool DirectoryExists(string path) => Inner.DirectoryExists(path);
    /// <inheritdoc/>
    public virtual IReadOnlyList<string> ListFiles(string directory) => Inner.ListFiles(directory);
    /// <inheritdoc/>
    public virtual void SyncDirectory(string directory) => Inner.SyncDirectory(directory);
    /// <inheritdoc/>
    public virtual void DeleteDirectory(string path) => Inner.DeleteDirectory(path);
}
