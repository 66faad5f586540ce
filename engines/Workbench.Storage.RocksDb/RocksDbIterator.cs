using RocksDbSharp;
using Workbench.Storage.Contract;
using Workbench.Storage.RocksDb.Interop;

namespace Workbench.Storage.RocksDb;

/// <summary>
/// A RocksDB iterator over one column family. RocksDB applies the bounds itself in both directions (a Seek below the
/// lower bound lands on it; iteration stops before the upper bound, and backward before the lower). Key and Value are copied out of
/// RocksDB's memory lazily, once per position, into buffers reused for the iterator's life (a span
/// straight over RocksDB's memory would dangle once the iterator moves or a concurrent engine
/// Dispose frees it; the copy is one memcpy). After a positioning call leaves the iterator
/// invalid, its status is checked so corruption surfaces as an exception instead of a silent end.
/// Belongs to one thread.
/// </summary>
internal sealed class RocksDbIterator : IKvIterator
{
    private readonly RocksDbEngine _owner;
    private readonly IteratorHandle _handle;
    private byte[] _key = new byte[64];
    private byte[] _value = new byte[256];
    private int _keyLength = -1; // -1: not copied at this position
    private int _valueLength = -1;
    private bool _valid;
    private bool _disposed;

    internal RocksDbIterator(RocksDbEngine owner, IteratorHandle handle)
    {
        _owner = owner;
        _handle = handle;
    }

    public bool Valid => _valid;

    public void SeekToFirst()
    {
        ThrowIfDisposed();
        using (var h = new HandleLease(_handle))
            Native.Instance.rocksdb_iter_seek_to_first(h.Pointer);
        Positioned();
    }

    public unsafe void Seek(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        using (var h = new HandleLease(_handle))
        fixed (byte* k = key)
            Native.Instance.rocksdb_iter_seek(h.Pointer, k, (nuint)key.Length);
        Positioned();
    }

    public void SeekToLast()
    {
        ThrowIfDisposed();
        using (var h = new HandleLease(_handle))
            Native.Instance.rocksdb_iter_seek_to_last(h.Pointer);
        Positioned();
    }

    public unsafe void SeekForPrev(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        using (var h = new HandleLease(_handle))
        fixed (byte* k = key)
            Native.Instance.rocksdb_iter_seek_for_prev(h.Pointer, k, (nuint)key.Length);
        Positioned();
    }

    public void Prev()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Prev on an iterator that is not positioned on an entry");
        using (var h = new HandleLease(_handle))
            Native.Instance.rocksdb_iter_prev(h.Pointer);
        Positioned();
    }

    public void Next()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        using (var h = new HandleLease(_handle))
            Native.Instance.rocksdb_iter_next(h.Pointer);
        Positioned();
    }

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            if (_keyLength < 0)
            {
                using var h = new HandleLease(_handle);
                var p = Native.Instance.rocksdb_iter_key(h.Pointer, out var length);
                _keyLength = NativeBytes.CopyTo(p, checked((int)length), ref _key);
            }
            return _key.AsSpan(0, _keyLength);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            CheckValid();
            if (_valueLength < 0)
            {
                using var h = new HandleLease(_handle);
                var p = Native.Instance.rocksdb_iter_value(h.Pointer, out var length);
                _valueLength = NativeBytes.CopyTo(p, checked((int)length), ref _value);
            }
            return _value.AsSpan(0, _valueLength);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _valid = false;
        _owner.Untrack(this);
        _handle.Dispose();
    }

    private void Positioned()
    {
        _keyLength = -1;
        _valueLength = -1;
        nint err;
        using (var h = new HandleLease(_handle))
        {
            _valid = Native.Instance.rocksdb_iter_valid(h.Pointer) != 0;
            if (_valid) return;
            Native.Instance.rocksdb_iter_get_error(h.Pointer, out err);
        }
        RocksDbStatus.ThrowIfError(err, "iteration");
    }

    private void CheckValid()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
