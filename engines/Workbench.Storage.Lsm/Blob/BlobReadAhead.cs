namespace Workbench.Storage.Lsm;

/// <summary>
/// Read-ahead for one sequential reader (an iterator or a GC scan): keeps a window of one blob file;
/// when a read starts at or after the previous one in the same file, the next window is read in one
/// IO, doubling from 16 KiB up to <see cref="MaxWindow"/>. A random jump resets the window size.
/// One thread.
/// </summary>
internal sealed class BlobReadAhead
{
    public const int MinWindow = 16 * 1024;
    public const int MaxWindow = 256 * 1024;
    private byte[] _buffer = [];
    private long _file = -1;
    private long _start;
    private int _length;
    private long _lastOffset = -1;
    private int _window = MinWindow;

    /// <summary>Number of IOs issued (for tests and stats).</summary>
    public long Reads { get; private set; }

    public bool TryGet(BlobFileReader reader, long offset, int size, out ReadOnlySpan<byte> record)
    {
        record = default;
        if (reader.Number == _file && offset >= _start && offset + size <= _start + _length)
        {
            record = _buffer.AsSpan((int)(offset - _start), size);
            _lastOffset = offset;
            return true;
        }
        var sequential = reader.Number == _file && offset >= _lastOffset;
        _window = sequential ? Math.Min(_window * 2, MaxWindow) : MinWindow;
        if (!sequential && size < MinWindow && _file >= 0 && reader.Number == _file)
        {
            // Random jump inside the same file: no read-ahead, the caller reads just the record.
            _lastOffset = offset;
            return false;
        }
        var want = Math.Max(size, _window);
        if (_buffer.Length < want) _buffer = new byte[want];
        var n = reader.ReadRaw(offset, _buffer.AsSpan(0, want));
        Reads++;
        _file = reader.Number;
        _start = offset;
        _length = n;
        _lastOffset = offset;
        if (n < size) return false;
        record = _buffer.AsSpan(0, size);
        return true;
    }
}
