using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// The log list (<c>btree.logs</c>): names the newest log file, so the set of logs recovery needs is
/// provable (RocksDB's MANIFEST records its WALs for the same reason). Together with the meta page
/// (which names the first log to replay) it says: every log from the checkpoint's log number up to
/// the newest one must exist. It is rewritten — a temporary file, synced, renamed over the old one,
/// directory synced — after a new log file is created and synced and before that log accepts a
/// write, so a log that holds batches is always named. A log numbered above the newest one can only
/// be the leftover of a log switch interrupted between those two steps, and then it holds no batch.
/// Layout (24 bytes): masked CRC-32C of bytes [4, 24) u32 | magic "WBBTLOGS" u64 | version u32 |
/// newest log number u64. Stateless.
/// </summary>
internal static class LogList
{
    public const string FileName = "btree.logs";
    public const string TempFileName = "btree.logs.tmp";
    private const ulong Magic = 0x53474F4C54424257UL; // "WBBTLOGS" little-endian
    private const int Version = 1;
    private const int Size = 24;

    /// <summary>Durably records <paramref name="newest"/> as the newest log (temp file, sync, rename, directory sync).</summary>
    public static void Write(IFileSystem fs, string directory, long newest)
    {
        var buf = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(4), Magic);
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(12), Version);
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(16), newest);
        BinaryPrimitives.WriteUInt32LittleEndian(buf, Crc32C.Mask(Crc32C.Compute(buf.AsSpan(4))));
        var temp = FilePaths.Combine(directory, TempFileName);
        using (var f = fs.CreateFile(temp, WriteCategory.Manifest))
        {
            f.Append(buf);
            f.Sync();
        }
        fs.RenameFile(temp, FilePaths.Combine(directory, FileName));
        fs.SyncDirectory(directory);
    }

    /// <summary>The newest log number the list names; a missing or damaged list is corruption naming it.</summary>
    public static long Read(IFileSystem fs, string directory)
    {
        var path = FilePaths.Combine(directory, FileName);
        if (!fs.FileExists(path))
            throw new CorruptionException(path, 0,
                $"{FileName} is missing: nothing proves which log files the database has, so a deleted log could not be told from one never written; nothing was changed (restore {FileName} from a backup)");
        var buf = new byte[Size + 1];
        int n;
        using (var f = fs.OpenRead(path)) n = f.ReadAt(0, buf);
        if (n != Size)
            throw new CorruptionException(path, 0, $"log list is {n} bytes, not {Size}: damaged; nothing was changed");
        if (BinaryPrimitives.ReadUInt32LittleEndian(buf) != Crc32C.Mask(Crc32C.Compute(buf.AsSpan(4, Size - 4))))
            throw new CorruptionException(path, 0, "log list checksum mismatch: damaged; nothing was changed");
        if (BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(4)) != Magic || BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(12)) != Version)
            throw new CorruptionException(path, 4, "log list has a bad magic or an unknown version");
        var newest = BinaryPrimitives.ReadInt64LittleEndian(buf.AsSpan(16));
        if (newest < 1) throw new CorruptionException(path, 16, $"log list names log {newest}, not a valid log number");
        return newest;
    }
}
