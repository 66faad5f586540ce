using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm;

/// <summary>
/// Appends records to a new blob file: header, records (callers add them in key order), footer.
/// Buffers up to 64 KiB before handing bytes to the file. <see cref="Finish"/> writes the footer and
/// syncs, so a finished file is durable before anything (blob manifest, SST) refers to it.
/// One thread.
/// </summary>
internal sealed class BlobFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly IWritableFile _file;
    private byte[] _buffer = new byte[BufferSize];
    private int _buffered;
    private bool _finished;

    public BlobFileWriter(IWritableFile file, long number)
    {
        _file = file;
        Number = number;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, BlobFileFormat.HeaderMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(4), BlobFileFormat.Version);
        _buffered = BlobFileFormat.HeaderSize;
        Length = BlobFileFormat.HeaderSize;
    }

    public long Number { get; }

    /// <summary>Bytes written so far, including the header (and footer once finished).</summary>
    public long Length { get; private set; }

    public long RecordCount { get; private set; }

    /// <summary>Sum of the record lengths: the "data size" garbage ratios are computed against.</summary>
    public long DataBytes { get; private set; }

    public BlobIndex Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_finished) throw new InvalidOperationException("blob file already finished");
        var length = BlobRecord.EncodedLength(key.Length, value.Length);
        if (_buffered + length > _buffer.Length)
        {
            FlushBuffer();
            if (length > _buffer.Length) _buffer = new byte[length];
        }
        BlobRecord.Encode(_buffer.AsSpan(_buffered, length), key, value);
        _buffered += length;
        var index = new BlobIndex(Number, Length, length);
        Length += length;
        RecordCount++;
        DataBytes += length;
        return index;
    }

    /// <summary>Writes the footer and syncs the file. Returns the final file size.</summary>
    public long Finish()
    {
        if (_finished) throw new InvalidOperationException("blob file already finished");
        if (_buffered + BlobFileFormat.FooterSize > _buffer.Length) FlushBuffer();
        var footer = _buffer.AsSpan(_buffered, BlobFileFormat.FooterSize);
        footer.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(footer, Length);
        BinaryPrimitives.WriteInt64LittleEndian(footer[8..], RecordCount);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[16..], BlobFileFormat.FooterMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[24..], Crc32C.Mask(Crc32C.Compute(footer[..24])));
        _buffered += BlobFileFormat.FooterSize;
        Length += BlobFileFormat.FooterSize;
        FlushBuffer();
        _file.Sync();
        _finished = true;
        return Length;
    }

    private void FlushBuffer()
    {
        if (_buffered == 0) return;
        _file.Append(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
    }

    public void Dispose() => _file.Dispose();
}
