using Workbench.Storage.FileSystem;
using Workbench.Testing.FileSystems;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>A file of a <see cref="GatedFileSystem"/>: fails once it is cut off and logs writes. One thread, as the file it wraps.</summary>
internal sealed class GatedFile(GatedFileSystem fs, IWritableFile inner) : WrappingWritableFile(inner)
{
    public override int ReadAt(long offset, Span<byte> buffer)
    {
        fs.Check(Path);
        return Inner.ReadAt(offset, buffer);
    }

    public override void Append(ReadOnlySpan<byte> data)
    {
        fs.Check(Path);
        fs.Log("write " + Path);
        Inner.Append(data);
    }

    public override void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        fs.Check(Path);
        fs.Log("write " + Path);
        Inner.WriteAt(offset, data);
    }

    public override void Flush()
    {
        fs.Check(Path);
        Inner.Flush();
    }

    public override void Sync()
    {
        fs.Check(Path);
        Inner.Sync();
    }

    public override void Truncate(long length)
    {
        fs.Check(Path);
        Inner.Truncate(length);
    }
}
