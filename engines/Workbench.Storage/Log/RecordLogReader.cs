using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Log;

/// <summary>
/// Reads logical records back from a record log file (<see cref="RecordLogWriter"/>; FORMAT.md).
/// Tail policy: an incomplete record at the very end of the file (a truncated header or fragment,
/// a FIRST/MIDDLE chain the file ends inside, a checksum failure on a fragment that ends exactly at
/// end of file, or a zero-filled tail) is a torn write. With <c>tolerateTornTail</c> the reader
/// stops there cleanly and reports it (<see cref="TornTail"/>, <see cref="TornTailOffset"/>);
/// without it, and for any damage followed by more data (mid-log corruption), it throws
/// <see cref="CorruptionException"/> naming the file and the offset of the damaged record.
/// Not thread-safe.
/// </summary>
public sealed class RecordLogReader
{
    private readonly IReadableFile _file;
    private readonly string _name;
    private readonly bool _tolerateTornTail;
    private readonly long _length;
    private readonly byte[] _block = new byte[RecordLogFormat.BlockSize];
    private long _blockStart = -RecordLogFormat.BlockSize;
    private long _pos;
    private byte[] _scratch = new byte[1024];

    /// <summary>Reads <paramref name="file"/> (named <paramref name="name"/> in errors) from its start.</summary>
    public RecordLogReader(IReadableFile file, string name, bool tolerateTornTail)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _name = name;
        _tolerateTornTail = tolerateTornTail;
        _length = file.Length;
    }

    /// <summary>The file ended in a torn write (only set when torn tails are tolerated).</summary>
    public bool TornTail { get; private set; }

    /// <summary>Where the torn tail starts (the first byte of the incomplete record); -1 without one.</summary>
    public long TornTailOffset { get; private set; } = -1;

    /// <summary>What the torn tail looked like (for a log line); null without one.</summary>
    public string? TornTailDetail { get; private set; }

    /// <summary>Offset where the last returned record started.</summary>
    public long LastRecordOffset { get; private set; }

    /// <summary>Offset just past the last returned record's last fragment: the intact prefix of the file.</summary>
    public long EndOfLastRecord { get; private set; }

    /// <summary>Reads the next logical record; the returned span is valid until the next call.</summary>
    /// <returns>False at the end of the log (or at a tolerated torn tail).</returns>
    public bool TryReadRecord(out ReadOnlySpan<byte> record)
    {
        record = default;
        var assembled = 0;
        var inFragmented = false;
        long recordStart = -1;
        while (true)
        {
            var inBlock = (int)(_pos % RecordLogFormat.BlockSize);
            if (RecordLogFormat.BlockSize - inBlock < RecordLogFormat.HeaderSize)
            {
                _pos += RecordLogFormat.BlockSize - inBlock; // trailer padding
                continue;
            }
            if (_pos >= _length)
            {
                if (inFragmented) return Torn(recordStart, "log ends inside a fragmented record");
                return false;
            }
            if (_pos + RecordLogFormat.HeaderSize > _length) return Torn(inFragmented ? recordStart : _pos, "truncated record header");
            LoadBlock();
            var off = (int)(_pos - _blockStart);
            var header = _block.AsSpan(off, RecordLogFormat.HeaderSize);
            var masked = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            var type = (RecordType)header[6];
            if (type == RecordType.Zero && length == 0 && masked == 0)
            {
                // Zero fill (preallocated or padded space): only legitimate as a tail.
                if (AllZeroToEnd()) return Torn(inFragmented ? recordStart : _pos, "zero-filled tail");
                throw new CorruptionException(_name, _pos, "zero record header followed by more data");
            }
            var end = _pos + RecordLogFormat.HeaderSize + length;
            if (off + RecordLogFormat.HeaderSize + length > RecordLogFormat.BlockSize)
                throw new CorruptionException(_name, _pos, $"record length {length} crosses the block boundary");
            if (end > _length)
            {
                // A torn write leaves a correct length and a short fragment; a damaged length that
                // merely points past the end would hide the intact records after it.
                if (FindIntactRecordAfter(_pos) is var next and >= 0)
                    throw new CorruptionException(_name, _pos, $"record length {length} runs past the end of the file, but an intact record follows at offset {next}: damage, not a torn write");
                return Torn(inFragmented ? recordStart : _pos, "truncated record");
            }
            var fragment = _block.AsSpan(off + RecordLogFormat.HeaderSize, length);
            if (Crc32C.Mask(RecordLogWriter.Checksum(type, fragment)) != masked)
            {
                if (end == _length) return Torn(inFragmented ? recordStart : _pos, "checksum mismatch in the last record");
                throw new CorruptionException(_name, _pos, "record checksum mismatch");
            }
            var at = _pos;
            _pos = end;
            switch (type)
            {
                case RecordType.Full:
                    if (inFragmented) throw new CorruptionException(_name, at, "FULL record inside a fragmented record");
                    LastRecordOffset = at;
                    EndOfLastRecord = end;
                    record = fragment;
                    return true;
                case RecordType.First:
                    if (inFragmented) throw new CorruptionException(_name, at, "FIRST record inside a fragmented record");
                    inFragmented = true;
                    recordStart = at;
                    assembled = 0;
                    Append(ref assembled, fragment);
                    break;
                case RecordType.Middle:
                    if (!inFragmented) throw new CorruptionException(_name, at, "MIDDLE record without FIRST");
                    Append(ref assembled, fragment);
                    break;
                case RecordType.Last:
                    if (!inFragmented) throw new CorruptionException(_name, at, "LAST record without FIRST");
                    Append(ref assembled, fragment);
                    LastRecordOffset = recordStart;
                    EndOfLastRecord = end;
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
        TornTailOffset = offset;
        TornTailDetail = detail;
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
        var blockStart = _pos - _pos % RecordLogFormat.BlockSize;
        if (blockStart == _blockStart) return;
        var want = (int)Math.Min(RecordLogFormat.BlockSize, _length - blockStart);
        var n = _file.ReadAt(blockStart, _block.AsSpan(0, want));
        if (n != want) throw new CorruptionException(_name, blockStart, $"short read of {n} bytes, expected {want}");
        _blockStart = blockStart;
    }

    /// <summary>
    /// The offset of the first intact physical record (plausible type and length, matching checksum)
    /// starting after <paramref name="from"/>, or -1. Only called for a record that claims to run
    /// past the end of the file, so at most one block's worth of positions is scanned.
    /// </summary>
    private long FindIntactRecordAfter(long from)
    {
        var buf = new byte[(int)(_length - from)];
        var n = _file.ReadAt(from, buf);
        for (var i = 1; i + RecordLogFormat.HeaderSize <= n; i++)
        {
            var at = from + i;
            var inBlock = (int)(at % RecordLogFormat.BlockSize);
            if (RecordLogFormat.BlockSize - inBlock < RecordLogFormat.HeaderSize) continue; // padding, never a record start
            var type = (RecordType)buf[i + 6];
            if (type is < RecordType.Full or > RecordType.Last) continue;
            var length = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(i + 4));
            if (inBlock + RecordLogFormat.HeaderSize + length > RecordLogFormat.BlockSize) continue;
            if (i + RecordLogFormat.HeaderSize + length > n) continue;
            var fragment = buf.AsSpan(i + RecordLogFormat.HeaderSize, length);
            if (Crc32C.Mask(RecordLogWriter.Checksum(type, fragment)) == BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(i))) return at;
        }
        return -1;
    }

    private bool AllZeroToEnd()
    {
        var buf = new byte[4096];
        for (var p = _pos; p < _length; p += buf.Length)
        {
            var n = _file.ReadAt(p, buf.AsSpan(0, (int)Math.Min(buf.Length, _length - p)));
            if (buf.AsSpan(0, n).ContainsAnyExcept((byte)0)) return false;
        }
        return true;
    }
}
