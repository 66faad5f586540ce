using System.Buffers;
using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Random and sequential reads of one finished blob file. The header and footer are verified at
/// open; every record read is verified (checksum, lengths, and the key it must belong to), so a
/// damaged file raises <see cref="CorruptionException"/> with file and offset, never wrong data.
/// Thread-safe (positional reads only). Reference counted: the file set holds one reference while
/// the file is live; readers take one while reading; the last release closes the handle.
/// </summary>
internal sealed class BlobFileReader
{
    private readonly IReadableFile _file;
    private int _refs = 1;

    public BlobFileReader(IReadableFile file, string name, long number)
    {
        _file = file;
        Name = name;
        Number = number;
        var length = file.Length;
        if (length < BlobFileFormat.HeaderSize + BlobFileFormat.FooterSize)
            throw new CorruptionException(name, 0, $"blob file is {length} bytes, shorter than header + footer");
        Span<byte> header = stackalloc byte[BlobFileFormat.HeaderSize];
        ReadExactly(0, header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != BlobFileFormat.HeaderMagic)
            throw new CorruptionException(name, 0, "bad blob file header magic");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version != BlobFileFormat.Version) throw new CorruptionException(name, 4, $"unsupported blob file version {version}");
        Span<byte> footer = stackalloc byte[BlobFileFormat.FooterSize];
        var footerOffset = length - BlobFileFormat.FooterSize;
        ReadExactly(footerOffset, footer);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[16..]) != BlobFileFormat.FooterMagic)
            throw new CorruptionException(name, footerOffset, "bad blob file footer magic (file truncated or not finished)");
        if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(footer[24..])) != Crc32C.Compute(footer[..24]))
            throw new CorruptionException(name, footerOffset, "blob file footer checksum mismatch");
        RecordsEnd = BinaryPrimitives.ReadInt64LittleEndian(footer);
        RecordCount = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        if (RecordsEnd != footerOffset || RecordCount < 0)
            throw new CorruptionException(name, footerOffset, $"blob file footer says records end at {RecordsEnd}, footer is at {footerOffset}");
    }

    public string Name { get; }
    public long Number { get; }
    public long RecordsEnd { get; }
    public long RecordCount { get; }

    /// <summary>Takes a reference; false when the file was already closed (obsolete), so the caller must re-resolve.</summary>
    public bool TryRef()
    {
        while (true)
        {
            var r = Volatile.Read(ref _refs);
            if (r <= 0) return false;
            if (Interlocked.CompareExchange(ref _refs, r + 1, r) == r) return true;
        }
    }

    /// <summary>Drops a reference; the last one closes the file.</summary>
    public void Unref()
    {
        if (Interlocked.Decrement(ref _refs) == 0) _file.Dispose();
    }

    /// <summary>
    /// Reads the record at <paramref name="index"/>, checks that it belongs to <paramref name="expectedKey"/>
    /// and appends its value to <paramref name="value"/>. <paramref name="readAhead"/> (optional) serves
    /// sequential reads from a growing window.
    /// </summary>
    public void Read(BlobIndex index, ReadOnlySpan<byte> expectedKey, IBufferWriter<byte> value, BlobReadAhead? readAhead = null)
    {
        if (index.Offset < BlobFileFormat.HeaderSize || index.Size < BlobFileFormat.RecordHeaderSize || index.Offset + index.Size > RecordsEnd)
            throw new CorruptionException(Name, index.Offset, $"blob index (offset {index.Offset}, size {index.Size}) points outside the records of this file (end {RecordsEnd})");
        var size = (int)index.Size;
        if (readAhead is not null && readAhead.TryGet(this, index.Offset, size, out var cached))
        {
            Deliver(cached, index.Offset, expectedKey, value);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var span = rented.AsSpan(0, size);
            ReadExactly(index.Offset, span);
            Deliver(span, index.Offset, expectedKey, value);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Deliver(ReadOnlySpan<byte> record, long offset, ReadOnlySpan<byte> expectedKey, IBufferWriter<byte> value)
    {
        BlobRecord.Decode(record, Name, offset, out var key, out var v, out var compression);
        if (!key.SequenceEqual(expectedKey))
            throw new CorruptionException(Name, offset, "blob record holds a different key than the index that points at it");
        BlobValueCodec.Decode(v, compression, value, Name, offset);
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> (short at the end of the records).</summary>
    public int ReadRaw(long offset, Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, RecordsEnd - offset);
        if (want <= 0) return 0;
        ReadExactly(offset, buffer[..want]);
        return want;
    }

    private void ReadExactly(long offset, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = _file.ReadAt(offset + done, buffer[done..]);
            if (n <= 0) throw new CorruptionException(Name, offset + done, $"blob file ends early: wanted {buffer.Length} bytes at {offset}");
            done += n;
        }
    }
}
