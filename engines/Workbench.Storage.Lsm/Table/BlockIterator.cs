using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Iterates a <see cref="Block"/>, rebuilding prefix-compressed keys into a private buffer. Seek
/// binary-searches the restart points, then scans. <paramref name="internalKeys"/> selects the key
/// order: internal-key order for data and index blocks, bytewise for the meta-index block.
/// <see cref="Reset"/> points it at another block so one iterator (and its key buffer) serves many
/// blocks. One thread.
/// </summary>
internal sealed class BlockIterator(Block block, bool internalKeys = true) : IInternalIterator
{
    private Block _block = block;
    private readonly bool _internalKeys = internalKeys;
    private byte[] _key = new byte[64];
    private int _keyLength;
    private int _current = -1; // offset of the current entry; -1 = invalid
    private int _next;
    private int _valueOffset;
    private int _valueLength;

    public bool Valid => _current >= 0;
    public ReadOnlySpan<byte> Key => _key.AsSpan(0, _keyLength);
    public ReadOnlySpan<byte> Value => _block.Data.AsSpan(_valueOffset, _valueLength);

    public void SeekToFirst()
    {
        _keyLength = 0;
        _next = _block.Restart(0);
        ParseNext();
    }

    public void Seek(ReadOnlySpan<byte> target)
    {
        int lo = 0, hi = _block.NumRestarts - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            _keyLength = 0;
            _next = _block.Restart(mid);
            ParseNext();
            if (!Valid) throw Bad("restart point has no entry");
            if (Compare(Key, target) < 0) lo = mid;
            else hi = mid - 1;
        }
        _keyLength = 0;
        _next = _block.Restart(lo);
        ParseNext();
        while (Valid && Compare(Key, target) < 0) ParseNext();
    }

    public void SeekToLast()
    {
        _keyLength = 0;
        _next = _block.Restart(_block.NumRestarts - 1);
        ParseNext();
        while (Valid && _next < _block.RestartOffset) ParseNext();
    }

    public void Next() => ParseNext();

    /// <summary>
    /// Keys are prefix-compressed forward from each restart point, so Prev restarts at the last
    /// restart point before the current entry and parses forward to the entry just before it (LevelDB's way).
    /// </summary>
    public void Prev()
    {
        var original = _current;
        int lo = 0, hi = _block.NumRestarts - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_block.Restart(mid) < original)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
        {
            _current = -1;
            return;
        }
        _keyLength = 0;
        _next = _block.Restart(found);
        ParseNext();
        while (Valid && _next < original) ParseNext();
        if (Valid && _next != original) throw Bad("entries do not meet at the previous entry");
    }

    /// <summary>Iterates <paramref name="block"/> from now on; invalid until the next Seek/SeekToFirst.</summary>
    public void Reset(Block block)
    {
        _block = block;
        _current = -1;
        _keyLength = 0;
        _next = 0;
        _valueOffset = 0;
        _valueLength = 0;
    }

    public void Dispose() { }

    private int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        _internalKeys ? InternalKey.Compare(a, b) : a.SequenceCompareTo(b);

    private void ParseNext()
    {
        if (_next >= _block.RestartOffset)
        {
            _current = -1;
            return;
        }
        var data = _block.Data.AsSpan(0, _block.RestartOffset);
        var p = _next;
        var a = VarInt.TryRead(data[p..], out var shared);
        if (a == 0) throw Bad("bad shared length");
        p += a;
        a = VarInt.TryRead(data[p..], out var nonShared);
        if (a == 0) throw Bad("bad key length");
        p += a;
        a = VarInt.TryRead(data[p..], out var valueLength);
        if (a == 0) throw Bad("bad value length");
        p += a;
        if (shared > (ulong)_keyLength || (ulong)p + nonShared + valueLength > (ulong)data.Length) throw Bad("entry runs past the block");
        var newLength = (int)shared + (int)nonShared;
        if (_key.Length < newLength) Array.Resize(ref _key, Math.Max(newLength, _key.Length * 2));
        data.Slice(p, (int)nonShared).CopyTo(_key.AsSpan((int)shared));
        _keyLength = newLength;
        p += (int)nonShared;
        _valueOffset = p;
        _valueLength = (int)valueLength;
        _current = _next;
        _next = p + (int)valueLength;
        if (_internalKeys && _keyLength < InternalKey.TrailerSize) throw Bad("key shorter than its trailer");
    }

    private CorruptionException Bad(string detail)
    {
        _current = -1;
        return new CorruptionException(_block.File, _block.Offset, "block entry: " + detail);
    }
}
