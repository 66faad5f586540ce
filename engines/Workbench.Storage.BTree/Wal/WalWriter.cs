using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// Appends records to one log file <c>wal-NNNNNNNNNN.log</c>: a record log
/// (<see cref="RecordLogWriter"/>, Workbench.Storage/Log/FORMAT.md) whose logical records are
/// <c>type u8 | sequence u64 | payload</c> (FORMAT.md). The first record is the header, which
/// starts with <see cref="HeaderMagic"/>. Group commit adds one record per batch and flushes (or
/// syncs) once per group. Used by the one write leader at a time; not thread-safe.
/// </summary>
internal sealed class WalWriter : IDisposable
{
    /// <summary>type u8 | sequence u64, before each record's payload.</summary>
    public const int RecordPrefixSize = 9;

    /// <summary>"WBBTWAL2" little-endian: the header payload's first 8 bytes (a log of the format before the record log has none).</summary>
    public const ulong HeaderMagic = 0x324C415754424257UL;

    private readonly RecordLogWriter _log;
    private byte[] _buffer = new byte[4096];

    private WalWriter(IWritableFile file, long number)
    {
        _log = new RecordLogWriter(file);
        Number = number;
    }

    public long Number { get; }

    /// <summary>Bytes appended through this writer (the checkpoint trigger counts them).</summary>
    public long BytesWritten => _log.BytesWritten;

    public static string FileName(long number) => $"wal-{number:D10}.log";

    public static bool TryParseNumber(string fileName, out long number)
    {
        number = 0;
        return fileName.StartsWith("wal-", StringComparison.Ordinal) && fileName.EndsWith(".log", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(4, fileName.Length - 8), out number);
    }

    /// <summary>Creates a new log file holding its header record, synced, with its directory entry synced.</summary>
    public static WalWriter Create(IFileSystem fs, string directory, long number, IReadOnlyList<string> columnFamilies)
    {
        var file = fs.CreateFile(FilePaths.Combine(directory, FileName(number)), WriteCategory.Wal);
        var w = new WalWriter(file, number);
        try
        {
            var names = new List<byte[]>();
            var size = 8 + VarInt.Size((ulong)columnFamilies.Count);
            foreach (var n in columnFamilies)
            {
                var b = System.Text.Encoding.UTF8.GetBytes(n);
                names.Add(b);
                size += VarInt.Size((ulong)b.Length) + b.Length;
            }
            var payload = new byte[size];
            BinaryPrimitives.WriteUInt64LittleEndian(payload, HeaderMagic);
            var p = 8 + VarInt.Write(payload.AsSpan(8), (ulong)names.Count);
            foreach (var b in names)
            {
                p += VarInt.Write(payload.AsSpan(p), (ulong)b.Length);
                b.CopyTo(payload.AsSpan(p));
                p += b.Length;
            }
            w.Add(WalRecordType.Header, 0, payload);
            w._log.Sync();
            fs.SyncDirectory(directory);
            return w;
        }
        catch
        {
            w.Dispose();
            throw;
        }
    }

    /// <summary>Appends one record (buffered: <see cref="Flush"/> or <see cref="Sync"/> after the group).</summary>
    public void Add(WalRecordType type, long sequence, ReadOnlySpan<byte> payload)
    {
        var size = RecordPrefixSize + payload.Length;
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        _buffer[0] = (byte)type;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(1), sequence);
        payload.CopyTo(_buffer.AsSpan(RecordPrefixSize));
        _log.AddRecord(_buffer.AsSpan(0, size));
    }

    public void Flush() => _log.Flush();
    public void Sync() => _log.Sync();

    public void Dispose() => _log.Dispose();
}
