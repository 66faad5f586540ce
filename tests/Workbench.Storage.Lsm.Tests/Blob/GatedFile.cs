using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>A file of a <see cref="GatedFileSystem"/>: fails once it is cut off and logs writes. One thread, as the file it wraps.</summary>
internal sealed class GatedFile(GatedFileSystem fs, IWritableFile inner) : IWritableFile
{
    public string Path => inner.Path;
    public long Length => inner.Length;

    public WriteCategory Category
    {
        get => inner.Category;
        set => inner.Category = value;
    }

    public int ReadAt(long offset, Span<byte> buffer)
    {
        fs.Check(Path);
        return inner.ReadAt(offset, buffer);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        fs.Check(Path);
        fs.Log("write " + Path);
        inner.Append(data);
    }

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        fs.Check(Path);
        fs.Log("write " + Path);
        inner.WriteAt(offset, data);
    }

    public void Flush()
    {
        fs.Check(Path);
        inner.Flush();
    }

    public void Sync()
    {
        fs.Check(Path);
        inner.Sync();
    }

    public void Truncate(long length)
    {
        fs.Check(Path);
        inner.Truncate(length);
    }

    public void Dispose() => inner.Dispose();
}
