using LightningDB;
using Workbench.Storage.Contract;
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

    public void SeekToLast()
    {
        ThrowIfDisposed();
        if (_upper is not null) StepBack(_upper, inclusive: false, prev: false);
        else StepBack(default, inclusive: true, prev: false, last: true);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0) StepBack(_upper, inclusive: false, prev: false);
        else StepBack(key, inclusive: true, prev: false);
    }

    public void Prev()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Prev on an iterator that is not positioned on an entry");
        if (_bucket is not null && _bucketIndex > 0)
        {
            _bucketIndex--;
            SetFromBucket();
            return;
        }
        StepBack(default, inclusive: true, prev: true);
    }

    /// <summary>
    /// One backward cursor movement under the gate and the map lock: to the previous entry
    /// (<paramref name="prev"/>), to the last one (<paramref name="last"/>), or to the last key
    /// &lt;= (or &lt;) <paramref name="target"/>: SetRange to the target's stored key, then, unless that
    /// entry holds a key at or below the target, one step back. A stored key below the target's holds
    /// only keys below the target (stored keys order like the user keys they hold).
    /// </summary>
    private void StepBack(ReadOnlySpan<byte> target, bool inclusive, bool prev, bool last = false)
    {
        lock (_gate)
        {
            if (_snapshot is not null) ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
            _owner.MapLock.EnterReadLock();
            try
            {
                var cursor = CursorAtCurrent(prev);
                MDBResultCode rc;
                MDBValue k, v;
                if (prev) (rc, k, v) = cursor.Previous();
                else if (last) (rc, k, v) = cursor.Last();
                else
                {
                    var layout = _owner.Layout;
                    Span<byte> stored = stackalloc byte[layout.BucketKeyLength];
                    stored = stored[..layout.Encode(target, stored)];
                    rc = cursor.SetRange(stored);
                    if (rc == MDBResultCode.NotFound)
                    {
                        (rc, k, v) = cursor.Last();
                    }
                    else
                    {
                        LmdbEngine.Check(rc, "cursor");
                        (rc, k, v) = cursor.GetCurrent();
                        LmdbEngine.Check(rc, "cursor");
                        if (LandAtOrBefore(k.AsSpan(), v.AsSpan(), target, inclusive)) return;
                        (rc, k, v) = cursor.Previous();
                    }
                }
                if (rc == MDBResultCode.NotFound)
                {
                    _valid = false;
                    _bucket = null;
                    return;
                }
                LmdbEngine.Check(rc, "cursor");
                LandLast(k.AsSpan(), v.AsSpan());
            }
            finally
            {
                _owner.MapLock.ExitReadLock();
            }
        }
    }

    /// <summary>At the entry SetRange found (stored key &gt;= the target's): lands on its last key &lt;= (or &lt;) the target; false when it holds none.</summary>
    private bool LandAtOrBefore(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> data, ReadOnlySpan<byte> target, bool inclusive)
    {
        var layout = _owner.Layout;
        if (!layout.IsBucketKey(stored))
        {
            if (!inclusive || !stored[1..].SequenceEqual(target)) return false;
            LandLast(stored, data);
            return true;
        }
        if (target.Length < layout.PrefixLength || !stored[1..].SequenceEqual(target[..layout.PrefixLength])) return false;
        var bucket = LongKeyBucket.Decode(data);
        var suffix = layout.Suffix(target);
        var i = bucket.Count - 1;
        while (i >= 0)
        {
            var c = bucket[i].Suffix.AsSpan().SequenceCompareTo(suffix);
            if (c < 0 || (c == 0 && inclusive)) break;
            i--;
        }
        if (i < 0) return false;
        Copy(stored, ref _stored, out _storedLength);
        _bucket = bucket;
        _bucketIndex = i;
        SetFromBucket();
        return true;
    }

    /// <summary>Copies the LMDB entry at the cursor, at its last key when it is a bucket (an empty bucket steps further back).</summary>
    private void LandLast(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> data)
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
                CheckBounds();
                return;
            }
            _bucket = LongKeyBucket.Decode(data);
            _bucketIndex = _bucket.Count - 1;
            if (_bucketIndex >= 0)
            {
                SetFromBucket();
                return;
            }
            var (rc, k, v) = _cursor!.Previous();
            if (rc == MDBResultCode.NotFound)
            {
                _valid = false;
                _bucket = null;
                return;
            }
            LmdbEngine.Check(rc, "cursor");
            stored = k.AsSpan();
            data = v.AsSpan();
        }
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
                CheckBounds();
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
        CheckBounds();
    }

    private void CheckBounds()
    {
        var key = _key.AsSpan(0, _keyLength);
        _valid = (_upper is null || key.SequenceCompareTo(_upper) < 0) && (_lower is null || key.SequenceCompareTo(_lower) >= 0);
    }

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
