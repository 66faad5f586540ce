using Microsoft.Win32.SafeHandles;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// A writable file on the real file system with a 64 KiB append buffer. Invariant: the file's
/// bytes are [0, _flushedLength) on disk followed by _buffer[0.._pending). All members take a lock
/// so concurrent readers see a coherent file while one thread writes.
/// </summary>
internal sealed class LocalWritableFile : IWritableFile
{
    private const int BufferSize = 64 * 1024;
    private readonly SafeFileHandle _handle;
    private readonly Lock _lock = new();
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _pending;
    private long _flushedLength;
    private bool _disposed;

    public LocalWritableFile(string path, FileMode mode, WriteCategory category)
    {
        Path = path;
        Category = category;
        _handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        _flushedLength = RandomAccess.GetLength(_handle);
    }

    public string Path { get; }
    public WriteCategory Category { get; set; }

    public long Length
    {
        get { lock (_lock) return _flushedLength + _pending; }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending + data.Length > BufferSize)
            {
                FlushLocked();
                if (data.Length >= BufferSize)
                {
                    RandomAccess.Write(_handle, data, _flushedLength);
                    _flushedLength += data.Length;
                    return;
                }
            }
            data.CopyTo(_buffer.AsSpan(_pending));
            _pending += data.Length;
        }
    }

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushLocked();
            RandomAccess.Write(_handle, data, offset);
            _flushedLength = Math.Max(_flushedLength, offset + data.Length);
        }
    }

    public int ReadAt(long offset, Span<byte> buffer)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending > 0 && offset + buffer.Length > _flushedLength) FlushLocked();
            var total = 0;
            while (total < buffer.Length)
            {
                var n = RandomAccess.Read(_handle, buffer[total..], offset + total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushLocked();
        }
    }

    public void Sync()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushLocked();
            RandomAccess.FlushToDisk(_handle);
        }
    }

    public void Truncate(long length)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushLocked();
            RandomAccess.SetLength(_handle, length);
            _flushedLength = length;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            try
            {
                FlushLocked();
            }
            finally
            {
                _disposed = true;
                _handle.Dispose();
            }
        }
    }

    private void FlushLocked()
    {
        if (_pending == 0) return;
        RandomAccess.Write(_handle, _buffer.AsSpan(0, _pending), _flushedLength);
        _flushedLength += _pending;
        _pending = 0;
    }
}
