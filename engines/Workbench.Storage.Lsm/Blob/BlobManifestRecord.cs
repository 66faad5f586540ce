using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// One record of the blob manifest log (FORMAT.md): <c>1 | number | cf | file size | data bytes |
/// records</c> adds a file of level 0, <c>3 | the same | level</c> adds a file of another level,
/// <c>2 | number</c> deletes one (all varints). Stateless.
/// </summary>
internal static class BlobManifestRecord
{
    public const byte AddFile = 1;
    public const byte DeleteFile = 2;
    public const byte AddFileWithLevel = 3;

    public static byte[] EncodeAdd(BlobFileMeta m)
    {
        Span<byte> buf = stackalloc byte[1 + 6 * VarInt.MaxLength64];
        buf[0] = m.Level == 0 ? AddFile : AddFileWithLevel;
        var p = 1;
        p += VarInt.Write(buf[p..], (ulong)m.Number);
        p += VarInt.Write(buf[p..], (ulong)m.ColumnFamily);
        p += VarInt.Write(buf[p..], (ulong)m.FileSize);
        p += VarInt.Write(buf[p..], (ulong)m.DataBytes);
        p += VarInt.Write(buf[p..], (ulong)m.RecordCount);
        if (m.Level != 0) p += VarInt.Write(buf[p..], (ulong)m.Level);
        return buf[..p].ToArray();
    }

    public static byte[] EncodeDelete(long number)
    {
        Span<byte> buf = stackalloc byte[1 + VarInt.MaxLength64];
        buf[0] = DeleteFile;
        return buf[..(1 + VarInt.Write(buf[1..], (ulong)number))].ToArray();
    }

    /// <summary>Applies one record to <paramref name="files"/>; throws <see cref="CorruptionException"/> on a malformed record.</summary>
    public static void Apply(ReadOnlySpan<byte> record, Dictionary<long, BlobFileMeta> files, string file, long offset)
    {
        if (record.Length == 0) throw new CorruptionException(file, offset, "empty blob manifest record");
        var p = 1;
        switch (record[0])
        {
            case AddFile:
            case AddFileWithLevel:
                var number = Next(record, ref p, file, offset);
                var cf = Next(record, ref p, file, offset);
                var size = Next(record, ref p, file, offset);
                var data = Next(record, ref p, file, offset);
                var count = Next(record, ref p, file, offset);
                var level = record[0] == AddFileWithLevel ? Next(record, ref p, file, offset) : 0;
                if (level > 64) throw new CorruptionException(file, offset, $"blob manifest record names level {level}");
                files[number] = new BlobFileMeta(number, (int)cf, size, data, count, (int)level);
                break;
            case DeleteFile:
                files.Remove(Next(record, ref p, file, offset));
                break;
            default:
                throw new CorruptionException(file, offset, $"unknown blob manifest record type {record[0]}");
        }
        if (p != record.Length) throw new CorruptionException(file, offset, "trailing bytes in blob manifest record");
    }

    /// <summary>The file number of a delete record (already validated by <see cref="Apply"/>).</summary>
    public static long DeletedNumber(ReadOnlySpan<byte> record, string file, long offset)
    {
        var p = 1;
        return Next(record, ref p, file, offset);
    }

    private static long Next(ReadOnlySpan<byte> record, ref int p, string file, long offset)
    {
        var n = VarInt.TryRead(record[p..], out var v);
        if (n == 0 || v > long.MaxValue) throw new CorruptionException(file, offset, "malformed varint in blob manifest record");
        p += n;
        return (long)v;
    }
}
