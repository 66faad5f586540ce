using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// Replays one log file. A record cut short at the end of the file, or a bad record followed only
/// by zero bytes, is a torn tail (the crash interrupted the append) and ends the file cleanly; a bad
/// record with intact data after it is corruption. Stateless.
/// </summary>
internal static class WalReader
{
    /// <summary>Feeds every intact record to <paramref name="handler"/>; returns the byte length of the intact prefix.</summary>
    public static long Replay(IFileSystem fs, string path, WalRecordHandler handler)
    {
        byte[] bytes;
        using (var f = fs.OpenRead(path))
        {
            bytes = new byte[f.Length];
            var n = f.ReadAt(0, bytes);
            if (n != bytes.Length) throw new IOException($"short read of {path}: {n} of {bytes.Length} bytes");
        }
        var pos = 0;
        while (pos < bytes.Length)
        {
            var rest = bytes.AsSpan(pos);
            if (rest.Length < WalWriter.RecordHeaderSize) break;
            var len = BinaryPrimitives.ReadInt32LittleEndian(rest[4..]);
            if (len < 0 || (long)WalWriter.RecordHeaderSize + len > rest.Length) break; // cut short: torn tail
            var body = rest.Slice(8, 9 + len);
            if (BinaryPrimitives.ReadUInt32LittleEndian(rest) != Crc32C.Mask(Crc32C.Compute(body)))
            {
                var after = rest[(WalWriter.RecordHeaderSize + len)..];
                if (after.Length == 0 || IsZero(rest) || IsZero(after)) break;
                throw new CorruptionException(path, pos, "log record checksum mismatch with intact records after it");
            }
            var type = (WalRecordType)body[0];
            if (type is not (WalRecordType.Header or WalRecordType.Batch))
                throw new CorruptionException(path, pos, $"unknown log record type {(byte)type}");
            handler(type, BinaryPrimitives.ReadInt64LittleEndian(body[1..]), body[9..]);
            pos += WalWriter.RecordHeaderSize + len;
        }
        return pos;
    }

    /// <summary>Decodes a header record's column family names.</summary>
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

    private static bool IsZero(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept((byte)0) < 0;
}
