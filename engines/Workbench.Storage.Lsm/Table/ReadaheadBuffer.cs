using System.Buffers;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Sequential read-ahead for one compaction-input table iterator: one large positional read of
/// <c>size</c> bytes serves the next data blocks instead of one read per block. (User iterators read
/// block by block: a RocksDB-style growing read-ahead measured slower for them and was removed.)
/// Buffers come from the shared array pool and go back on <see cref="Release"/> (so short scans do
/// not churn the large-object heap). Owned by one iterator (one thread).
/// </summary>
internal sealed class ReadaheadBuffer(int size)
{
    private byte[] _buffer = [];
    private long _start = -1;
    private int _length;

    /// <summary>Copies [offset, offset+dest.Length) from the buffer, refilling it from <paramref name="file"/>; false when the file is shorter than asked.</summary>
    public bool TryRead(IReadableFile file, long fileSize, long offset, Span<byte> dest)
    {
        if (_start < 0 || offset < _start || offset + dest.Length > _start + _length)
        {
            var want = (int)Math.Min(Math.Max(size, dest.Length), fileSize - offset);
            if (_buffer.Length < want)
            {
                Release();
                _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(want, size));
            }
            _length = file.ReadAt(offset, _buffer.AsSpan(0, want));
            _start = offset;
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
