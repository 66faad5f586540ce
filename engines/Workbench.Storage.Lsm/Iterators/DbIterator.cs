using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Iterators;

/// <summary>
/// The user-facing iterator: walks a merged internal stream and yields, per user key, the newest
/// version with sequence &lt;= the read sequence, hiding deleted keys and honouring
/// [LowerBound, UpperBound). Pins the super version it reads (memtables and files cannot vanish)
/// until disposed. One thread.
/// Both directions follow LevelDB's DBIter: moving forward, the merged stream sits on the entry
/// shown and the skip key is the user key last shown; moving backward, the merged stream sits just
/// before every version of the user key shown, whose key, kind and value are copied into saved
/// buffers (the newest visible version is only known once the older ones were passed).
/// </summary>
internal sealed class DbIterator : IKvIterator
{
    private readonly MergingIterator _merged;
    private readonly long _sequence;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly Action _release;
    private byte[] _skipKey = new byte[64];
    private byte[] _seekKey = new byte[64];
    private int _skipKeyLength;
    private byte[] _savedValue = new byte[256];
    private int _savedValueLength;
    private ValueKind _savedKind;
    private bool _reverse;
    private bool _valid;
    private bool _disposed;

    public DbIterator(MergingIterator merged, long sequence, byte[]? lower, byte[]? upper, Action release)
    {
        _merged = merged;
        _sequence = sequence;
        _lower = lower;
        _upper = upper;
        _release = release;
    }

    public bool Valid => _valid;

    public ReadOnlySpan<byte> Key
    {
        get
        {
            if (!_valid) throw new InvalidOperationException("iterator is not positioned on an entry");
            return _reverse ? _skipKey.AsSpan(0, _skipKeyLength) : InternalKey.UserKey(_merged.Key);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            if (!_valid) throw new InvalidOperationException("iterator is not positioned on an entry");
            return _reverse ? _savedValue.AsSpan(0, _savedValueLength) : _merged.Value;
        }
    }

    /// <summary>Titan: the current entry's value is a BlobIndex (the caller loads the value).</summary>
    internal bool IsBlobIndex => _valid && (_reverse ? _savedKind : InternalKey.Kind(_merged.Key)) == ValueKind.BlobIndex;

    public void SeekToFirst()
    {
        try { SeekToFirstCore(); }
        catch (IOException e) { throw Failed(e); }
    }

    private void SeekToFirstCore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _reverse = false;
        if (_lower is not null) SeekInternal(_lower);
        else
        {
            try { _merged.SeekToFirst(); }
            catch (CorruptionException) { _valid = false; throw; }
            FindNextUserEntry(false);
        }
    }

    public void Seek(ReadOnlySpan<byte> key)
    {
        try { SeekCore(key); }
        catch (IOException e) { throw Failed(e); }
    }

    private void SeekCore(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        _reverse = false;
        SeekInternal(key);
    }

    public void SeekToLast()
    {
        try { SeekToLastCore(); }
        catch (IOException e) { throw Failed(e); }
    }

    private void SeekToLastCore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _reverse = true;
        try
        {
            if (_upper is null) _merged.SeekToLast();
            else PositionBefore(_upper);
        }
        catch (CorruptionException) { _valid = false; throw; }
        FindPrevUserEntry();
    }

    /// <summary>Forward seek to the first visible key &gt;= <paramref name="key"/>; when that is not the key itself, the entry before it.</summary>
    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        try { SeekForPrevCore(key); }
        catch (IOException e) { throw Failed(e); }
    }

    private void SeekForPrevCore(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0)
        {
            SeekToLastCore();
            return;
        }
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0)
        {
            _valid = false;
            return;
        }
        _reverse = false;
        SeekInternal(key);
        if (_valid && Key.SequenceEqual(key)) return;
        if (_valid) PrevCore();
        else SeekToLastCore(); // nothing visible in [key, upper): the answer is the last key below
    }

    public void Next()
    {
        try { NextCore(); }
        catch (IOException e) { throw Failed(e); }
    }

    private void NextCore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_valid) throw new InvalidOperationException("Next on an invalid iterator");
        try
        {
            if (_reverse)
            {
                // The stream sits just before the shown key's versions; step into them, the skip key passes them.
                _reverse = false;
                if (!_merged.Valid) _merged.SeekToFirst();
                else _merged.Next();
            }
            else
            {
                SaveSkipKey(InternalKey.UserKey(_merged.Key));
                _merged.Next();
            }
        }
        catch (CorruptionException) { _valid = false; throw; }
        FindNextUserEntry(true);
    }

    public void Prev()
    {
        try { PrevCore(); }
        catch (IOException e) { throw Failed(e); }
    }

    private void PrevCore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_valid) throw new InvalidOperationException("Prev on an invalid iterator");
        try
        {
            if (!_reverse)
            {
                // The stream sits on the shown entry: back off past every version of its user key.
                SaveSkipKey(InternalKey.UserKey(_merged.Key));
                _reverse = true;
                while (true)
                {
                    _merged.Prev();
                    if (!_merged.Valid) break;
                    if (InternalKey.UserKey(_merged.Key).SequenceCompareTo(_skipKey.AsSpan(0, _skipKeyLength)) < 0) break;
                }
            }
        }
        catch (CorruptionException) { _valid = false; throw; }
        FindPrevUserEntry();
    }

    /// <summary>An I/O failure while positioning leaves the iterator invalid and surfaces as the contract's type.</summary>
    private StorageIOException Failed(IOException e)
    {
        _valid = false;
        return StorageIOException.From(e, "lsm iterator");
    }

    /// <summary>Positions the merged stream on the last entry whose user key is &lt; <paramref name="userKey"/>.</summary>
    private void PositionBefore(ReadOnlySpan<byte> userKey)
    {
        var length = userKey.Length + InternalKey.TrailerSize;
        if (_seekKey.Length < length) _seekKey = new byte[Math.Max(length, _seekKey.Length * 2)];
        // (userKey, max sequence, highest kind) sorts before every version of userKey.
        InternalKey.Write(_seekKey, userKey, InternalKey.MaxSequence, InternalKey.SeekKind);
        _merged.Seek(_seekKey.AsSpan(0, length));
        if (_merged.Valid) _merged.Prev();
        else _merged.SeekToLast();
    }

    /// <summary>
    /// Walks the merged stream backward and stops just before the versions of the previous visible
    /// user key, which it leaves in the saved buffers (LevelDB's FindPrevUserEntry); invalid at the
    /// start or below the lower bound.
    /// </summary>
    private void FindPrevUserEntry()
    {
        _valid = false;
        var kind = ValueKind.Deletion;
        try
        {
            while (_merged.Valid)
            {
                var ikey = _merged.Key;
                var user = InternalKey.UserKey(ikey);
                if (InternalKey.Sequence(ikey) <= _sequence)
                {
                    if (kind != ValueKind.Deletion && user.SequenceCompareTo(_skipKey.AsSpan(0, _skipKeyLength)) < 0) break;
                    if (_lower is not null && user.SequenceCompareTo(_lower) < 0) break;
                    kind = InternalKey.Kind(ikey);
                    if (kind != ValueKind.Deletion)
                    {
                        SaveSkipKey(user);
                        var value = _merged.Value;
                        if (_savedValue.Length < value.Length) _savedValue = new byte[Math.Max(value.Length, _savedValue.Length * 2)];
                        value.CopyTo(_savedValue);
                        _savedValueLength = value.Length;
                        _savedKind = kind;
                    }
                }
                _merged.Prev();
            }
        }
        catch (CorruptionException)
        {
            _valid = false;
            throw;
        }
        _valid = kind != ValueKind.Deletion;
        if (!_valid) _reverse = false;
    }

    private void SeekInternal(ReadOnlySpan<byte> userKey)
    {
        var length = userKey.Length + InternalKey.TrailerSize;
        if (_seekKey.Length < length) _seekKey = new byte[Math.Max(length, _seekKey.Length * 2)];
        // SeekKind (the highest kind), not Value: entries at the read sequence itself may be
        // BlobIndex (kind 2), which sorts before (k, s, Value) and would be skipped.
        InternalKey.Write(_seekKey, userKey, _sequence, InternalKey.SeekKind);
        try { _merged.Seek(_seekKey.AsSpan(0, length)); }
        catch (CorruptionException) { _valid = false; throw; }
        FindNextUserEntry(false);
    }

    /// <summary>Advances to the next visible user entry; with <paramref name="skipping"/>, versions of the skip key are passed over.</summary>
    private void FindNextUserEntry(bool skipping)
    {
        _valid = false;
        try
        {
            while (_merged.Valid)
            {
                var ikey = _merged.Key;
                var user = InternalKey.UserKey(ikey);
                if (InternalKey.Sequence(ikey) > _sequence) { _merged.Next(); continue; }
                if (skipping && user.SequenceEqual(_skipKey.AsSpan(0, _skipKeyLength))) { _merged.Next(); continue; }
                if (_upper is not null && user.SequenceCompareTo(_upper) >= 0) return;
                if (InternalKey.Kind(ikey) == ValueKind.Deletion)
                {
                    SaveSkipKey(user);
                    skipping = true;
                    _merged.Next();
                    continue;
                }
                _valid = true;
                return;
            }
        }
        catch (CorruptionException)
        {
            _valid = false;
            throw;
        }
    }

    private void SaveSkipKey(ReadOnlySpan<byte> user)
    {
        if (_skipKey.Length < user.Length) _skipKey = new byte[Math.Max(user.Length, _skipKey.Length * 2)];
        user.CopyTo(_skipKey);
        _skipKeyLength = user.Length;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _valid = false;
        _merged.Dispose();
        _release();
    }
}
