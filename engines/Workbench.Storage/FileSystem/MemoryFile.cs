using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>A handle on a <see cref="MemoryFileData"/>; thread-safety is the data's.</summary>
internal sealed class MemoryFile : IWritableFile
{
    private readonly MemoryFileData _data;
    private readonly bool _readOnly;
    private bool _disposed;

    public MemoryFile(string path, MemoryFileData data, WriteCategory category, bool readOnly = false)
    {
        Path = path;
        _data = data;
        Category = category;
        _readOnly = readOnly;
    }

    public string Path { get; }
    public WriteCategory Category { get; set; }
    public long Length => _data.Length;

    public void Append(ReadOnlySpan<byte> data)
    {
        CheckWritable();
        _data.Append(data);
    }

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        CheckWritable();
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _data.Write(offset, data);
    }

    public int ReadAt(long offset, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return _data.Read(offset, buffer);
    }

    public void Flush() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Sync() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Truncate(long length)
    {
        CheckWritable();
        _data.SetLength(length);
    }

    public void Dispose() => _disposed = true;

    private void CheckWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly) throw new InvalidOperationException($"{Path} is open read-only");
    }
}
