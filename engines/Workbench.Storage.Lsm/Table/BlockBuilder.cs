using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Builds a block of prefix-compressed entries with restart points every
/// <see cref="RestartInterval"/> entries (LevelDB's block format, FORMAT.md). Keys must be added in
/// increasing order. Not thread-safe; reusable after <see cref="Reset"/>.
/// </summary>
internal sealed class BlockBuilder
{
    private readonly int _restartInterval;
    private readonly List<int> _restarts = [0];
    private byte[] _buffer = new byte[8192];
    private int _length;
    private byte[] _lastKey = new byte[64];
    private int _lastKeyLength;
    private int _counter;

    public BlockBuilder(int restartInterval = 16) => _restartInterval = restartInterval;

    public int RestartInterval => _restartInterval;
    public bool IsEmpty => _length == 0;
    public int EntryCount { get; private set; }

    public int EstimatedSize => _length + _restarts.Count * 4 + 4;

    public ReadOnlySpan<byte> LastKey => _lastKey.AsSpan(0, _lastKeyLength);

    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var shared = 0;
        if (_counter < _restartInterval)
        {
            var last = LastKey;
            var max = Math.Min(last.Length, key.Length);
            while (shared < max && last[shared] == key[shared]) shared++;
        }
        else
        {
            _restarts.Add(_length);
            _counter = 0;
        }
        var nonShared = key.Length - shared;
        Ensure(3 * 5 + nonShared + value.Length);
        var span = _buffer.AsSpan(_length);
        var p = VarInt.Write(span, (ulong)shared);
        p += VarInt.Write(span[p..], (ulong)nonShared);
        p += VarInt.Write(span[p..], (ulong)value.Length);
        key[shared..].CopyTo(span[p..]);
        p += nonShared;
        value.CopyTo(span[p..]);
        p += value.Length;
        _length += p;
        if (_lastKey.Length < key.Length) _lastKey = new byte[Math.Max(key.Length, _lastKey.Length * 2)];
        key.CopyTo(_lastKey);
        _lastKeyLength = key.Length;
        _counter++;
        EntryCount++;
    }

    /// <summary>Appends the restart array and returns the finished block contents (valid until <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> Finish()
    {
        Ensure(_restarts.Count * 4 + 4);
        foreach (var r in _restarts)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), r);
            _length += 4;
        }
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), _restarts.Count);
        _length += 4;
        return _buffer.AsSpan(0, _length);
    }

    public void Reset()
    {
        _length = 0;
        _restarts.Clear();
        _restarts.Add(0);
        _counter = 0;
        _lastKeyLength = 0;
        EntryCount = 0;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
