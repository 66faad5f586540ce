using Workbench.Storage.RocksDb.Native;

namespace Workbench.Storage.RocksDb;

/// <summary>
/// A RocksDB iterator over one column family. RocksDB applies the bounds itself (a Seek below the
/// lower bound lands on it; iteration stops before the upper bound). Key and Value are copied out of
/// RocksDB's memory lazily, once per position, into buffers reused for the iterator's life. After a
/// positioning call leaves the iterator invalid, its status is checked so corruption surfaces as an
/// exception instead of a silent end. Belongs to one thread.
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
        RocksDbNative.rocksdb_iter_seek_to_first(_handle);
        Positioned();
    }

    public void Seek(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        RocksDbNative.rocksdb_iter_seek(_handle, ref NativeBytes.Ref(key), (nuint)key.Length);
        Positioned();
    }

    public void Next()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        RocksDbNative.rocksdb_iter_next(_handle);
        Positioned();
    }

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            if (_keyLength < 0)
            {
                var p = RocksDbNative.rocksdb_iter_key(_handle, out var length);
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
                var p = RocksDbNative.rocksdb_iter_value(_handle, out var length);
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
        _valid = RocksDbNative.rocksdb_iter_valid(_handle) != 0;
        if (_valid) return;
        nint err = 0;
        RocksDbNative.rocksdb_iter_get_error(_handle, ref err);
        RocksDbStatus.ThrowIfError(err, "iteration");
    }

    private void CheckValid()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
