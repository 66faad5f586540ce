using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Walks every record of a blob file in order (GC's input), reading 256 KiB at a time. Each record
/// is verified; <see cref="Key"/>/<see cref="StoredValue"/> stay valid until the next <see cref="Next"/>.
/// One thread; the caller holds a reference on the reader.
/// </summary>
internal sealed class BlobFileIterator
{
    private const int Chunk = 256 * 1024;
    private readonly BlobFileReader _reader;
    private byte[] _buffer = new byte[Chunk];
    private long _bufferStart;
    private int _bufferLength;
    private long _next = BlobFileFormat.HeaderSize;
    private int _keyStart, _keyLength, _valueStart, _valueLength;

    public BlobFileIterator(BlobFileReader reader) => _reader = reader;

    public long Offset { get; private set; }
    public long Size { get; private set; }
    public long BytesRead { get; private set; }
    public ReadOnlySpan<byte> Key => _buffer.AsSpan(_keyStart, _keyLength);
    /// <summary>The stored value: raw, or compressed as <see cref="Compression"/> says (GC copies it as is).</summary>
    public ReadOnlySpan<byte> StoredValue => _buffer.AsSpan(_valueStart, _valueLength);
    public BlobCompression Compression { get; private set; }

    /// <summary>Moves to the next record; false at the end of the records.</summary>
    public bool Next()
    {
        if (_next >= _reader.RecordsEnd) return false;
        if (!Ensure(_next, BlobFileFormat.RecordHeaderSize))
            throw new CorruptionException(_reader.Name, _next, "blob record header runs past the end of the records");
        var length = BlobRecord.LengthFromHeader(_buffer.AsSpan((int)(_next - _bufferStart), BlobFileFormat.RecordHeaderSize));
        if (length > _reader.RecordsEnd - _next || length > int.MaxValue)
            throw new CorruptionException(_reader.Name, _next, $"blob record length {length} runs past the end of the records");
        if (!Ensure(_next, (int)length))
            throw new CorruptionException(_reader.Name, _next, "blob record runs past the end of the records");
        var start = (int)(_next - _bufferStart);
        var record = _buffer.AsSpan(start, (int)length);
        BlobRecord.Decode(record, _reader.Name, _next, out var key, out var value, out var compression);
        Compression = compression;
        // Offsets of key and value inside _buffer (Decode returns slices of record).
        _keyStart = start + (int)(System.Runtime.CompilerServices.Unsafe.ByteOffset(ref record[0], ref System.Runtime.InteropServices.MemoryMarshal.GetReference(key)));
        _keyLength = key.Length;
        _valueStart = start + (int)(System.Runtime.CompilerServices.Unsafe.ByteOffset(ref record[0], ref System.Runtime.InteropServices.MemoryMarshal.GetReference(value)));
        _valueLength = value.Length;
        Offset = _next;
        Size = length;
        _next += length;
        return true;
    }

    /// <summary>Makes [offset, offset+length) resident in the buffer; false when the file is too short.</summary>
    private bool Ensure(long offset, int length)
    {
        if (offset >= _bufferStart && offset + length <= _bufferStart + _bufferLength) return true;
        if (_buffer.Length < length) _buffer = new byte[length];
        var n = _reader.ReadRaw(offset, _buffer.AsSpan(0, Math.Max(length, Math.Min(_buffer.Length, Chunk))));
        BytesRead += n;
        _bufferStart = offset;
        _bufferLength = n;
        return n >= length;
    }
}
