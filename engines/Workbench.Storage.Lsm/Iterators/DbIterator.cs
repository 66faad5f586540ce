namespace Workbench.Storage.Lsm;

/// <summary>
/// The user-facing iterator: walks a merged internal stream and yields, per user key, the newest
/// version with sequence &lt;= the read sequence, hiding deleted keys and honouring
/// [LowerBound, UpperBound). Pins the super version it reads (memtables and files cannot vanish)
/// until disposed. One thread.
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
            return InternalKey.UserKey(_merged.Key);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            if (!_valid) throw new InvalidOperationException("iterator is not positioned on an entry");
            return _merged.Value;
        }
    }

    /// <summary>Titan: the current entry's value is a BlobIndex (the caller loads the value).</summary>
    internal bool IsBlobIndex => _valid && InternalKey.Kind(_merged.Key) == ValueKind.BlobIndex;

    public void SeekToFirst()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        SeekInternal(key);
    }

    public void Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_valid) throw new InvalidOperationException("Next on an invalid iterator");
        SaveSkipKey(InternalKey.UserKey(_merged.Key));
        try { _merged.Next(); }
        catch (CorruptionException) { _valid = false; throw; }
        FindNextUserEntry(true);
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
