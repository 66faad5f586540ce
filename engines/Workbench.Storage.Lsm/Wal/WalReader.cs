using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Wal;

/// <summary>
/// Reads logical records back from a log file (format of <see cref="WalWriter"/>). Tail policy:
/// an incomplete record at the very end of the file (truncated header or fragment, a FIRST/MIDDLE
/// chain the file ends inside, or a checksum failure on a fragment that ends exactly at end of
/// file, or a zero-filled tail) is a torn write: when <c>tolerateTornTail</c> the reader stops
/// there cleanly and sets <see cref="TornTail"/>; otherwise, and for any damage that is followed
/// by more data, it throws <see cref="CorruptionException"/> naming file and offset. Not thread-safe.
/// </summary>
internal sealed class WalReader
{
    private readonly IReadableFile _file;
    private readonly string _name;
    private readonly bool _tolerateTornTail;
    private readonly long _length;
    private readonly byte[] _block = new byte[WalFormat.BlockSize];
    private long _blockStart = -WalFormat.BlockSize;
    private int _blockLength;
    private long _pos;
    private byte[] _scratch = new byte[1024];

    public WalReader(IReadableFile file, string name, bool tolerateTornTail)
    {
        _file = file;
        _name = name;
        _tolerateTornTail = tolerateTornTail;
        _length = file.Length;
    }

    public bool TornTail { get; private set; }

    /// <summary>Offset where the last returned record started.</summary>
    public long LastRecordOffset { get; private set; }

    /// <summary>Reads the next logical record; the returned span is valid until the next call.</summary>
    public bool TryReadRecord(out ReadOnlySpan<byte> record)
    {
        record = default;
        var assembled = 0;
        var inFragmented = false;
        long recordStart = -1;
        while (true)
        {
            var inBlock = (int)(_pos % WalFormat.BlockSize);
            if (WalFormat.BlockSize - inBlock < WalFormat.HeaderSize)
            {
                _pos += WalFormat.BlockSize - inBlock; // trailer padding
                continue;
            }
            if (_pos >= _length)
            {
                if (inFragmented) return Torn(recordStart, "log ends inside a fragmented record");
                return false;
            }
            if (_pos + WalFormat.HeaderSize > _length) return Torn(_pos, "truncated record header");
            LoadBlock();
            var off = (int)(_pos - _blockStart);
            var header = _block.AsSpan(off, WalFormat.HeaderSize);
            var masked = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            var type = (WalRecordType)header[6];
            if (type == WalRecordType.Zero && length == 0 && masked == 0)
            {
                // Zero fill (preallocated or padded space): only legitimate as a tail.
                if (AllZeroToEnd()) return Torn(_pos, "zero-filled tail");
                throw new CorruptionException(_name, _pos, "zero record header followed by more data");
            }
            var end = _pos + WalFormat.HeaderSize + length;
            if (off + WalFormat.HeaderSize + length > WalFormat.BlockSize)
                throw new CorruptionException(_name, _pos, $"record length {length} crosses the block boundary");
            if (end > _length) return Torn(_pos, "truncated record");
            var fragment = _block.AsSpan(off + WalFormat.HeaderSize, length);
            Span<byte> t = [(byte)type];
            var crc = Crc32C.Extend(Crc32C.Compute(t), fragment);
            if (Crc32C.Mask(crc) != masked)
            {
                if (end == _length) return Torn(_pos, "checksum mismatch in the last record");
                throw new CorruptionException(_name, _pos, "record checksum mismatch");
            }
            var at = _pos;
            _pos = end;
            switch (type)
            {
                case WalRecordType.Full:
                    if (inFragmented) throw new CorruptionException(_name, at, "FULL record inside a fragmented record");
                    LastRecordOffset = at;
                    record = fragment;
                    return true;
                case WalRecordType.First:
                    if (inFragmented) throw new CorruptionException(_name, at, "FIRST record inside a fragmented record");
                    inFragmented = true;
                    recordStart = at;
                    assembled = 0;
                    Append(ref assembled, fragment);
                    break;
                case WalRecordType.Middle:
                    if (!inFragmented) throw new CorruptionException(_name, at, "MIDDLE record without FIRST");
                    Append(ref assembled, fragment);
                    break;
                case WalRecordType.Last:
                    if (!inFragmented) throw new CorruptionException(_name, at, "LAST record without FIRST");
                    Append(ref assembled, fragment);
                    LastRecordOffset = recordStart;
                    record = _scratch.AsSpan(0, assembled);
                    return true;
                default:
                    throw new CorruptionException(_name, at, $"unknown record type {(byte)type}");
            }
        }
    }

    private bool Torn(long offset, string detail)
    {
        if (!_tolerateTornTail) throw new CorruptionException(_name, offset, detail + " (not the newest log, so not a torn tail)");
        TornTail = true;
        _pos = _length;
        return false;
    }

    private void Append(ref int assembled, ReadOnlySpan<byte> fragment)
    {
        if (assembled + fragment.Length > _scratch.Length)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, assembled + fragment.Length));
        fragment.CopyTo(_scratch.AsSpan(assembled));
        assembled += fragment.Length;
    }

    private void LoadBlock()
    {
        var blockStart = _pos - _pos % WalFormat.BlockSize;
        if (blockStart == _blockStart) return;
        var want = (int)Math.Min(WalFormat.BlockSize, _length - blockStart);
        var n = _file.ReadAt(blockStart, _block.AsSpan(0, want));
        if (n != want) throw new CorruptionException(_name, blockStart, $"short read of {n} bytes, expected {want}");
        _blockStart = blockStart;
        _blockLength = n;
    }

    private bool AllZeroToEnd()
    {
        var buf = new byte[4096];
        for (var p = _pos; p < _length; p += buf.Length)
        {
            var n = _file.ReadAt(p, buf.AsSpan(0, (int)Math.Min(buf.Length, _length - p)));
            if (buf.AsSpan(0, n).ContainsAnyExcept((byte)0)) return false;
        }
        return _blockLength >= 0;
    }
}
