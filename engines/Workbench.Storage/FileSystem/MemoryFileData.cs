namespace Workbench.Storage.FileSystem;

/// <summary>The bytes of one in-memory file; every member locks, so handles may share it across threads.</summary>
internal sealed class MemoryFileData
{
    private readonly Lock _lock = new();
    private byte[] _bytes = new byte[256];
    private long _length;

    public long Length
    {
        get { lock (_lock) return _length; }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            var end = offset + data.Length;
            if (end > int.MaxValue) throw new IOException("in-memory file larger than 2 GiB");
            if (end > _bytes.Length) Array.Resize(ref _bytes, (int)Math.Max(end, Math.Min((long)_bytes.Length * 2, int.MaxValue)));
            if (offset > _length) _bytes.AsSpan((int)_length, (int)(offset - _length)).Clear();
            data.CopyTo(_bytes.AsSpan((int)offset));
            _length = Math.Max(_length, end);
        }
    }

    public long Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            var at = _length;
            Write(at, data);
            return at;
        }
    }

    public int Read(long offset, Span<byte> buffer)
    {
        lock (_lock)
        {
            if (offset >= _length) return 0;
            var n = (int)Math.Min(buffer.Length, _length - offset);
            _bytes.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }
    }

    public void SetLength(long length)
    {
        lock (_lock)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            if (length > _length) Write(length, ReadOnlySpan<byte>.Empty); // zero-extends
            else _length = length;
        }
    }
}
