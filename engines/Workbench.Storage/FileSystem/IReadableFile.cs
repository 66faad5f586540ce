namespace Workbench.Storage.FileSystem;

/// <summary>A file open for positional reads. <see cref="ReadAt"/> is safe to call from many threads.</summary>
public interface IReadableFile : IDisposable
{
    string Path { get; }
    long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count read (short only at end of file).</summary>
    int ReadAt(long offset, Span<byte> buffer);
}
