using System.Buffers.Binary;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// The btree WAL became a record log (FORMAT.md, "Format change"): a log written in the format
/// before it must be reported as corruption with a clear line, never replayed as an empty log.
/// </summary>
public sealed class WalFormatTests
{
    private const string Dir = "/db";

    /// <summary>One record of the format before the record log: crc u32 | length u32 | type u8 | sequence u64 | payload.</summary>
    private static byte[] OldRecord(byte type, long sequence, ReadOnlySpan<byte> payload)
    {
        var rec = new byte[17 + payload.Length];
        rec[8] = type;
        BinaryPrimitives.WriteInt64LittleEndian(rec.AsSpan(9), sequence);
        payload.CopyTo(rec.AsSpan(17));
        BinaryPrimitives.WriteInt32LittleEndian(rec.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(rec, Crc32C.Mask(Crc32C.Compute(rec.AsSpan(8, 9 + payload.Length))));
        return rec;
    }

    [Fact]
    public void A_log_in_the_format_before_the_record_log_is_corruption_naming_the_format_and_nothing_is_deleted()
    {
        var fs = new MemoryFileSystem();
        var e = BTreeTestEngines.Open(fs, Dir);
        for (var i = 0; i < 10; i++) e.Put(e.DefaultColumnFamily(), K(i), K($"v{i}"), WriteOptions.Synced);
        e.Dispose();
        var logs = fs.ListFiles(Dir).Where(n => WalWriter.TryParseNumber(n, out _)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(logs);
        var newest = FilePaths.Combine(Dir, logs[^1]);

        // What this build's predecessor wrote: a header naming "default", then a batch.
        byte[] header = [1, 7, .. "default"u8];
        var old = OldRecord(1, 0, header).Concat(OldRecord(2, 11, [1, 0, 1, (byte)'k', 1, (byte)'v'])).ToArray();
        using (var f = fs.CreateFile(newest, WriteCategory.Other))
        {
            f.Append(old);
            f.Sync();
        }
        var before = fs.ListFiles(Dir).Order(StringComparer.Ordinal).ToList();

        var ex = Assert.Throws<CorruptionException>(() => BTreeTestEngines.Open(fs, Dir));
        Assert.Contains(logs[^1], ex.Message, StringComparison.Ordinal);
        Assert.Contains("WBBTWAL2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("format before the record log", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, fs.ListFiles(Dir).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(old.Length, fs.GetFileSize(newest));
    }
}
