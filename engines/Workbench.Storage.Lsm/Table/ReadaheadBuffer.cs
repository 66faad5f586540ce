using System.Buffers;

namespace Workbench.Storage.Lsm;

/// <summary>
/// Sequential read-ahead for one table iterator: one large positional read serves the next data
/// blocks instead of one read per block. Compaction inputs use a fixed size from the start; user
/// iterators start without read-ahead and grow it (8 KiB doubling to 256 KiB) once they read
/// consecutive blocks, like RocksDB's automatic iterator read-ahead. Buffers come from the shared
/// array pool and go back on <see cref="Release"/> (so short scans do not churn the large-object
/// heap). Owned by one iterator (one thread).
/// </summary>
internal sealed class ReadaheadBuffer(int initialSize, int maxSize)
{
    private byte[] _buffer = [];
    private long _start = -1;
    private int _length;
    private int _size = initialSize;
    private long _lastEnd = -1;
    private int _sequential;

    /// <summary>Copies [offset, offset+dest.Length) from the buffer, refilling it from <paramref name="file"/>; false when read-ahead is not (yet) active.</summary>
    public bool TryRead(IReadableFile file, long fileSize, long offset, Span<byte> dest)
    {
        _sequential = offset == _lastEnd ? _sequential + 1 : 0;
        _lastEnd = offset + dest.Length;
        if (_size == 0)
        {
            if (_sequential < 2) return false;
            _size = 8 * 1024;
        }
        if (_start < 0 || offset < _start || offset + dest.Length > _start + _length)
        {
            var want = (int)Math.Min(Math.Max(_size, dest.Length), fileSize - offset);
            if (_buffer.Length < want)
            {
                Release();
                _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(want, _size));
            }
            _length = file.ReadAt(offset, _buffer.AsSpan(0, want));
            _start = offset;
            if (_size < maxSize) _size = Math.Min(maxSize, _size * 2);
            if (_length < dest.Length) return false;
        }
        _buffer.AsSpan((int)(offset - _start), dest.Length).CopyTo(dest);
        return true;
    }

    /// <summary>Returns the buffer to the pool; the read-ahead window is forgotten.</summary>
    public void Release()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = -1;
        _length = 0;
    }
}
