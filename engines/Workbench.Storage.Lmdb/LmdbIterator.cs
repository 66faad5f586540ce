using LightningDB;
using Workbench.Storage.LongKeys;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// A cursor over one named database within a read transaction (its own, taken at creation, or a
/// snapshot's), honouring the bounds. Entries are copied out of the map at each position (a remap by
/// a growing writer would otherwise invalidate them), and a long-key bucket is decoded once and walked
/// in suffix order. The cursor is reopened at the current stored key when the map was remapped since
/// the last step. Belongs to one thread; a snapshot's transaction is shared, so steps take its gate.
/// </summary>
internal sealed class LmdbIterator : IKvIterator
{
    private readonly LmdbEngine _owner;
    private readonly LightningDatabase _db;
    private readonly LightningTransaction _txn;
    private readonly LmdbSnapshot? _snapshot;
    private readonly bool _ownsTransaction;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly Lock _gate;
    private LightningCursor? _cursor;
    private int _generation;
    private byte[] _stored = new byte[64]; // stored key of the current LMDB entry
    private int _storedLength;
    private byte[] _key = new byte[64];
    private int _keyLength;
    private byte[] _value = new byte[256];
    private int _valueLength;
    private List<(byte[] Suffix, byte[] Value)>? _bucket; // decoded bucket at the current entry, if it is one
    private int _bucketIndex;
    private bool _valid;
    private bool _disposed;

    internal LmdbIterator(LmdbEngine owner, LightningDatabase db, LightningTransaction txn, LmdbSnapshot? snapshot, bool ownsTransaction, byte[]? lower, byte[]? upper)
    {
        _owner = owner;
        _db = db;
        _txn = txn;
        _snapshot = snapshot;
        _ownsTransaction = ownsTransaction;
        _lower = lower;
        _upper = upper;
        _gate = snapshot?.Gate ?? new Lock();
    }

    public bool Valid => _valid;

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            return _key.AsSpan(0, _keyLength);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            CheckValid();
            return _value.AsSpan(0, _valueLength);
        }
    }

    public void SeekToFirst() => Seek(_lower ?? []);

    public void Seek(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        var layout = _owner.Layout;
        Span<byte> stored = stackalloc byte[layout.BucketKeyLength];
        stored = stored[..layout.Encode(key, stored)];
        Step(stored, key);
    }

    public void Next()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        if (_bucket is not null && _bucketIndex + 1 < _bucket.Count)
        {
            _bucketIndex++;
            SetFromBucket();
            return;
        }
        Step(default, default, next: true);
    }

    /// <summary>One cursor movement under the gate and the map lock: SetRange(stored) or Next, then copy the entry out.</summary>
    private void Step(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> target, bool next = false)
    {
        lock (_gate)
        {
            if (_snapshot is not null) ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
            _owner.MapLock.EnterReadLock();
            try
            {
                var cursor = CursorAtCurrent(next);
                var rc = next ? cursor.Next().resultCode : cursor.SetRange(stored);
                if (rc == MDBResultCode.NotFound)
                {
                    _valid = false;
                    _bucket = null;
                    return;
                }
                LmdbEngine.Check(rc, "cursor");
                var (rc2, k, v) = cursor.GetCurrent();
                LmdbEngine.Check(rc2, "cursor");
                Land(k.AsSpan(), v.AsSpan(), next ? default : target, seeking: !next);
            }
            finally
            {
                _owner.MapLock.ExitReadLock();
            }
        }
    }

    /// <summary>The cursor, reopened (and, for Next, repositioned at the current entry) if the map was remapped since its last use.</summary>
    private LightningCursor CursorAtCurrent(bool reposition)
    {
        var generation = _owner.MapGeneration;
        if (_cursor is not null && generation == _generation) return _cursor;
        _cursor?.Dispose();
        _cursor = _txn.CreateCursor(_db);
        _generation = generation;
        if (reposition) LmdbEngine.Check(_cursor.Set(_stored.AsSpan(0, _storedLength)), "cursor reposition");
        return _cursor;
    }

    /// <summary>Copies the LMDB entry at the cursor; for a bucket, picks the first suffix at or after the target's.</summary>
    private void Land(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> data, ReadOnlySpan<byte> target, bool seeking)
    {
        var layout = _owner.Layout;
        while (true)
        {
            Copy(stored, ref _stored, out _storedLength);
            if (!layout.IsBucketKey(stored))
            {
                _bucket = null;
                Copy(stored[1..], ref _key, out _keyLength);
                Copy(data, ref _value, out _valueLength);
                CheckUpper();
                return;
            }
            _bucket = LongKeyBucket.Decode(data);
            _bucketIndex = 0;
            if (seeking && target.Length >= layout.PrefixLength && stored[1..].SequenceEqual(target[..layout.PrefixLength]))
            {
                var suffix = layout.Suffix(target);
                while (_bucketIndex < _bucket.Count && _bucket[_bucketIndex].Suffix.AsSpan().SequenceCompareTo(suffix) < 0) _bucketIndex++;
            }
            if (_bucketIndex < _bucket.Count)
            {
                SetFromBucket();
                return;
            }
            // every key of this bucket is below the target: move on to the next entry
            var (rc, k, v) = _cursor!.Next();
            if (rc == MDBResultCode.NotFound)
            {
                _valid = false;
                _bucket = null;
                return;
            }
            LmdbEngine.Check(rc, "cursor");
            stored = k.AsSpan();
            data = v.AsSpan();
            seeking = false;
        }
    }

    private void SetFromBucket()
    {
        var prefix = _stored.AsSpan(1, _storedLength - 1);
        var (suffix, value) = _bucket![_bucketIndex];
        _keyLength = prefix.Length + suffix.Length;
        if (_key.Length < _keyLength) _key = new byte[_keyLength];
        prefix.CopyTo(_key);
        suffix.CopyTo(_key.AsSpan(prefix.Length));
        Copy(value, ref _value, out _valueLength);
        CheckUpper();
    }

    private void CheckUpper() => _valid = _upper is null || _key.AsSpan(0, _keyLength).SequenceCompareTo(_upper) < 0;

    private static void Copy(ReadOnlySpan<byte> source, ref byte[] buffer, out int length)
    {
        if (buffer.Length < source.Length) buffer = new byte[Math.Max(source.Length, buffer.Length * 2)];
        source.CopyTo(buffer);
        length = source.Length;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _valid = false;
        _owner.Untrack(this);
        lock (_gate)
        {
            _cursor?.Dispose();
            if (_ownsTransaction) _txn.Dispose();
        }
    }

    private void CheckValid()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
