using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Log;

/// <summary>
/// Appends logical records to a record log file (FORMAT.md beside this file): 32 KiB blocks, each
/// physical record = 7-byte header + fragment; a logical record larger than the space left in the
/// block is split into FIRST/MIDDLE/LAST fragments; fewer than 7 bytes left in a block are
/// zero-filled. Appending to an existing file continues its last block (the block offset is the
/// file length modulo the block size), so a log reopened after recovery keeps the layout.
/// Not thread-safe: one writer at a time (a write-group leader, or a manifest writer under its
/// engine's mutex). <see cref="BytesWritten"/> and <see cref="Syncs"/> are read by any thread.
/// </summary>
public sealed class RecordLogWriter : IDisposable
{
    private static readonly byte[] Padding = new byte[RecordLogFormat.HeaderSize];
    private readonly IWritableFile _file;
    private readonly byte[] _header = new byte[RecordLogFormat.HeaderSize];
    private int _blockOffset;
    private long _bytesWritten;
    private long _syncs;

    /// <summary>Writes to <paramref name="file"/> from its current end; the writer owns the file from now on.</summary>
    public RecordLogWriter(IWritableFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _blockOffset = (int)(file.Length % RecordLogFormat.BlockSize);
    }

    /// <summary>The file written to.</summary>
    public IWritableFile File => _file;

    /// <summary>The file's length, including bytes appended but not yet flushed.</summary>
    public long Length => _file.Length;

    /// <summary>Bytes this writer appended (headers, fragments and block padding).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Fsyncs this writer made (<see cref="Sync"/> calls).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Appends one logical record (any length, zero included) as one or more fragments.</summary>
    public void AddRecord(ReadOnlySpan<byte> record)
    {
        var begin = true;
        while (true)
        {
            var left = RecordLogFormat.BlockSize - _blockOffset;
            if (left < RecordLogFormat.HeaderSize)
            {
                if (left > 0) Append(Padding.AsSpan(0, left));
                _blockOffset = 0;
                left = RecordLogFormat.BlockSize;
            }
            var fragment = Math.Min(left - RecordLogFormat.HeaderSize, record.Length);
            var end = fragment == record.Length;
            var type = begin && end ? RecordType.Full : begin ? RecordType.First : end ? RecordType.Last : RecordType.Middle;
            EmitPhysical(type, record[..fragment]);
            record = record[fragment..];
            begin = false;
            if (end) return;
        }
    }

    /// <summary>Hands buffered records to the OS (no fsync).</summary>
    public void Flush() => _file.Flush();

    /// <summary>Makes every record appended so far durable.</summary>
    public void Sync()
    {
        _file.Sync();
        Interlocked.Increment(ref _syncs);
    }

    private void EmitPhysical(RecordType type, ReadOnlySpan<byte> fragment)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_header, Crc32C.Mask(Checksum(type, fragment)));
        BinaryPrimitives.WriteUInt16LittleEndian(_header.AsSpan(4), (ushort)fragment.Length);
        _header[6] = (byte)type;
        Append(_header);
        Append(fragment);
        _blockOffset += RecordLogFormat.HeaderSize + fragment.Length;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _file.Append(bytes);
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>The (unmasked) CRC-32C of a physical record: the type byte, then the fragment.</summary>
    internal static uint Checksum(RecordType type, ReadOnlySpan<byte> fragment)
    {
        Span<byte> t = [(byte)type];
        return Crc32C.Extend(Crc32C.Compute(t), fragment);
    }

    /// <summary>Closes the file (without a sync: call <see cref="Sync"/> first when the tail must be durable).</summary>
    public void Dispose() => _file.Dispose();
}
