using System.Buffers;
using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Compression;

namespace Workbench.Storage.Lsm.Blob;

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

    private readonly BlobCompression _compression;
    private readonly int _compressionLevel;
    private readonly BlockCompressor? _compressor; // lz4/zstd: its scratch buffer holds the stored value

    /// <summary>New values are compressed with <paramref name="compression"/> at <paramref name="level"/> when that saves enough (<see cref="BlobValueCodec"/>).</summary>
    public BlobFileWriter(IWritableFile file, long number, BlobCompression compression = BlobCompression.None, int level = 1)
    {
        _file = file;
        Number = number;
        _compression = compression;
        _compressionLevel = level;
        var block = BlobValueCodec.BlockCodecOf(compression);
        if (block != CompressionType.None) _compressor = new BlockCompressor(block, level);
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

    /// <summary>Number of records whose value was stored compressed.</summary>
    public long CompressedRecords { get; private set; }

    /// <summary>Appends a record for <paramref name="value"/>, compressed if the writer's codec saves enough.</summary>
    public BlobIndex Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_compression == BlobCompression.None || value.Length < BlobValueCodec.MinCompressibleLength)
            return AddStored(key, value, BlobCompression.None);
        if (_compressor is not null)
        {
            var stored = _compressor.TryCompress(value);
            if (stored.IsEmpty) return AddStored(key, value, BlobCompression.None);
            CompressedRecords++;
            return AddStored(key, stored, _compression);
        }
        var rented = ArrayPool<byte>.Shared.Rent(BlobValueCodec.MaxStoredLength(value.Length));
        try
        {
            var stored = BlobValueCodec.TryCompress(value, rented, _compression, _compressionLevel);
            if (stored < 0) return AddStored(key, value, BlobCompression.None);
            CompressedRecords++;
            return AddStored(key, rented.AsSpan(0, stored), _compression);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Appends a record whose value is already stored as <paramref name="compression"/> says (GC's copy).</summary>
    public BlobIndex AddStored(ReadOnlySpan<byte> key, ReadOnlySpan<byte> storedValue, BlobCompression compression)
    {
        if (_finished) throw new InvalidOperationException("blob file already finished");
        var value = storedValue;
        var length = BlobRecord.EncodedLength(key.Length, value.Length);
        if (_buffered + length > _buffer.Length)
        {
            FlushBuffer();
            if (length > _buffer.Length) _buffer = new byte[length];
        }
        BlobRecord.Encode(_buffer.AsSpan(_buffered, length), key, value, compression);
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

    public void Dispose()
    {
        _compressor?.Dispose();
        _file.Dispose();
    }
}
