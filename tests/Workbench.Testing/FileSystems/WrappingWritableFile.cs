using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Testing.FileSystems;

/// <summary>The forwarding part of a wrapping file system's writable file; override the calls to intercept. One thread, as the file it wraps.</summary>
public abstract class WrappingWritableFile(IWritableFile inner) : IWritableFile
{
    /// <summary>The wrapped file.</summary>
    protected IWritableFile Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    public string Path => Inner.Path;
    /// <inheritdoc/>
    public long Length => Inner.Length;

    /// <inheritdoc/>
    public WriteCategory Category
    {
        get => Inner.Category;
        set => Inner.Category = value;
    }

    /// <inheritdoc/>
    public virtual int ReadAt(long offset, Span<byte> buffer) => Inner.ReadAt(offset, buffer);
    /// <inheritdoc/>
    public virtual void Append(ReadOnlySpan<byte> data) => Inner.Append(data);
    /// <inheritdoc/>
    public virtual void WriteAt(long offset, ReadOnlySpan<byte> data) => Inner.WriteAt(offset, data);
    /// <inheritdoc/>
    public virtual void Flush() => Inner.Flush();
    /// <inheritdoc/>
    public virtual void Sync() => Inner.Sync();
    /// <inheritdoc/>
    public virtual void Truncate(long length) => Inner.Truncate(length);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the wrapped file.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Inner.Dispose();
    }
}
