namespace Workbench.Storage.FileSystem;

/// <summary>A file open for positional reads. <see cref="ReadAt"/> is safe to call from many threads.</summary>
public interface IReadableFile : IDisposable
{
    /// <summary>The path the file was opened under.</summary>
    string Path { get; }
    /// <summary>Length in bytes at the time of the call.</summary>
    long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count read (short only at end of file).</summary>
    int ReadAt(long offset, Span<byte> buffer);
}
