using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// Appends records to one log file <c>wal-NNNNNNNNNN.log</c>. A record is
/// <c>crc u32 (masked CRC-32C of type..payload) | payload length u32 | type u8 | sequence u64 | payload</c>.
/// Group commit encodes several batch records into one buffer and appends them with one write and
/// at most one sync. Used by the one write leader at a time; not thread-safe.
/// </summary>
internal sealed class WalWriter : IDisposable
{
    public const int RecordHeaderSize = 17;
    private readonly IWritableFile _file;

    private WalWriter(IWritableFile file, long number)
    {
        _file = file;
        Number = number;
    }

    public long Number { get; }

    /// <summary>Bytes appended through this writer (the checkpoint trigger counts them).</summary>
    public long BytesWritten { get; private set; }

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
            var size = VarInt.Size((ulong)columnFamilies.Count);
            foreach (var n in columnFamilies)
            {
                var b = System.Text.Encoding.UTF8.GetBytes(n);
                names.Add(b);
                size += VarInt.Size((ulong)b.Length) + b.Length;
            }
            var payload = new byte[size];
            var p = VarInt.Write(payload, (ulong)names.Count);
            foreach (var b in names)
            {
                p += VarInt.Write(payload.AsSpan(p), (ulong)b.Length);
                b.CopyTo(payload.AsSpan(p));
                p += b.Length;
            }
            var rec = new byte[RecordHeaderSize + payload.Length];
            Encode(rec, WalRecordType.Header, 0, payload);
            w.Append(rec);
            file.Sync();
            fs.SyncDirectory(directory);
            return w;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Encodes one record into <paramref name="dest"/>; returns its size.</summary>
    public static int Encode(Span<byte> dest, WalRecordType type, long sequence, ReadOnlySpan<byte> payload)
    {
        dest[8] = (byte)type;
        BinaryPrimitives.WriteInt64LittleEndian(dest[9..], sequence);
        payload.CopyTo(dest[RecordHeaderSize..]);
        BinaryPrimitives.WriteInt32LittleEndian(dest[4..], payload.Length);
        var body = dest.Slice(8, 9 + payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(dest, Crc32C.Mask(Crc32C.Compute(body)));
        return RecordHeaderSize + payload.Length;
    }

    public void Append(ReadOnlySpan<byte> records)
    {
        _file.Append(records);
        BytesWritten += records.Length;
    }

    public void Flush() => _file.Flush();
    public void Sync() => _file.Sync();

    public void Dispose() => _file.Dispose();
}
