using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// Replays one log file (a record log, <see cref="RecordLogReader"/>). A torn tail (the crash
/// interrupted the append) ends the file cleanly; damage with intact data after it is corruption.
/// A log that must hold its header (<c>requireHeader</c>: every log the log list names was synced
/// with its header before it was named) and does not start with one — e.g. a log written in the
/// format before the record log — is corruption. Stateless.
/// </summary>
internal static class WalReader
{
    /// <summary>Feeds every intact record to <paramref name="handler"/>; returns the byte length of the intact prefix.</summary>
    public static long Replay(IFileSystem fs, string path, bool requireHeader, WalRecordHandler handler)
    {
        using var f = fs.OpenRead(path);
        var reader = new RecordLogReader(f, path, tolerateTornTail: true);
        var first = true;
        while (TryRead(reader, path, first, out var record))
        {
            if (record.Length < WalWriter.RecordPrefixSize)
                throw new CorruptionException(path, reader.LastRecordOffset, $"log record of {record.Length} bytes is shorter than its {WalWriter.RecordPrefixSize}-byte type and sequence");
            var type = (WalRecordType)record[0];
            if (type is not (WalRecordType.Header or WalRecordType.Batch))
                throw new CorruptionException(path, reader.LastRecordOffset, $"unknown log record type {(byte)type}");
            var payload = record[WalWriter.RecordPrefixSize..];
            if (first && (type != WalRecordType.Header || payload.Length < 8 || BinaryPrimitives.ReadUInt64LittleEndian(payload) != WalWriter.HeaderMagic))
                throw NotARecordLog(path);
            first = false;
            handler(type, BinaryPrimitives.ReadInt64LittleEndian(record[1..]), type == WalRecordType.Header ? payload[8..] : payload);
        }
        if (first && requireHeader) throw NotARecordLog(path);
        return reader.EndOfLastRecord;
    }

    /// <summary>Damage before the first record is reported as "not a record log" (what an old-format file looks like), with the reader's finding inside.</summary>
    private static bool TryRead(RecordLogReader reader, string path, bool first, out ReadOnlySpan<byte> record)
    {
        if (!first) return reader.TryReadRecord(out record);
        try
        {
            return reader.TryReadRecord(out record);
        }
        catch (CorruptionException e)
        {
            // The first record is damaged: say what the reader found, and that an old-format log looks so too.
            throw new CorruptionException(path, e.Offset, $"{e.Message}; the log does not start with an intact record-log header (\"WBBTWAL2\"): it is damaged, or written in the btree log format before the record log (FORMAT.md), which this build does not read; nothing was changed");
        }
    }

    private static CorruptionException NotARecordLog(string path) => new(path, 0, NotARecordLogDetail);

    private const string NotARecordLogDetail =
        "the log does not start with a record-log header (\"WBBTWAL2\"): it is damaged, or written in the btree log format before the record log (FORMAT.md), which this build does not read; nothing was changed";

    /// <summary>Decodes a header record's column family names (the payload after the magic).</summary>
    public static List<string> DecodeHeader(ReadOnlySpan<byte> payload, string path)
    {
        var p = VarInt.TryRead(payload, out var count);
        if (p == 0) throw new CorruptionException(path, 0, "bad log header");
        var names = new List<string>((int)count);
        for (var i = 0UL; i < count; i++)
        {
            var n = VarInt.TryRead(payload[p..], out var len);
            if (n == 0 || p + n + (int)len > payload.Length) throw new CorruptionException(path, 0, "bad log header");
            p += n;
            names.Add(System.Text.Encoding.UTF8.GetString(payload.Slice(p, (int)len)));
            p += (int)len;
        }
        return names;
    }
}
