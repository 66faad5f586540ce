using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Wal;

/// <summary>
/// Appends logical records to a log file in LevelDB's block format: 32 KiB blocks, each physical
/// record = 7-byte header + fragment; a logical record larger than the space left is split into
/// FIRST/MIDDLE/LAST fragments; fewer than 7 bytes left in a block are zero-filled. The CRC covers
/// the type byte and the fragment. Not thread-safe: one writer (the write-group leader, or the
/// manifest writer under the engine mutex).
/// </summary>
internal sealed class WalWriter : IDisposable
{
    private readonly IWritableFile _file;
    private static readonly byte[] Padding = new byte[WalFormat.HeaderSize];
    private readonly byte[] _header = new byte[WalFormat.HeaderSize];
    private int _blockOffset;

    public WalWriter(IWritableFile file)
    {
        _file = file;
        _blockOffset = (int)(file.Length % WalFormat.BlockSize);
    }

    public IWritableFile File => _file;
    public long Length => _file.Length;

    public void AddRecord(ReadOnlySpan<byte> record)
    {
        var begin = true;
        do
        {
            var left = WalFormat.BlockSize - _blockOffset;
            if (left < WalFormat.HeaderSize)
            {
                if (left > 0) _file.Append(Padding.AsSpan(0, left));
                _blockOffset = 0;
                left = WalFormat.BlockSize;
            }
            var avail = left - WalFormat.HeaderSize;
            var fragment = Math.Min(avail, record.Length);
            var end = fragment == record.Length;
            var type = begin && end ? WalRecordType.Full : begin ? WalRecordType.First : end ? WalRecordType.Last : WalRecordType.Middle;
            EmitPhysical(type, record[..fragment]);
            record = record[fragment..];
            begin = false;
            if (end) break;
        }
        while (true);
    }

    public void Flush() => _file.Flush();
    public void Sync() => _file.Sync();

    private void EmitPhysical(WalRecordType type, ReadOnlySpan<byte> fragment)
    {
        Span<byte> t = [(byte)type];
        var crc = Crc32C.Extend(Crc32C.Compute(t), fragment);
        BinaryPrimitives.WriteUInt32LittleEndian(_header, Crc32C.Mask(crc));
        BinaryPrimitives.WriteUInt16LittleEndian(_header.AsSpan(4), (ushort)fragment.Length);
        _header[6] = (byte)type;
        _file.Append(_header);
        _file.Append(fragment);
        _blockOffset += WalFormat.HeaderSize + fragment.Length;
    }

    public void Dispose() => _file.Dispose();
}
