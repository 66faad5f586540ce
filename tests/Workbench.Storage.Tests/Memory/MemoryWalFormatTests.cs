using System.Buffers.Binary;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Tests.Memory;

/// <summary>
/// The durable memory engine's log became a record log (Memory/FORMAT.md, "Format change"): a log in
/// the format before it is corruption with a clear line, never read as empty.
/// </summary>
public sealed class MemoryWalFormatTests
{
    private const string Dir = "/db";

    private static IKvEngine Open(IFileSystem fs) =>
        new EngineRegistry().RegisterBuiltIns().Open(
            new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" }), Dir, fs, ["default"]);

    [Fact]
    public void A_log_in_the_format_before_the_record_log_is_corruption_and_is_kept()
    {
        var fs = new MemoryFileSystem();
        using (var e = Open(fs))
            e.Put(e.DefaultColumnFamily(), K(1), K("v1"), WriteOptions.Synced);
        var wal = FilePaths.Combine(Dir, "memory.wal");
        Assert.True(fs.FileExists(wal));

        // The old layout: length int32 | crc uint32 (of sequence ‖ data) | sequence int64 | data.
        byte[] data = [1, 0, 1, (byte)'k', 1, (byte)'v'];
        var old = new byte[16 + data.Length];
        BinaryPrimitives.WriteInt32LittleEndian(old, data.Length);
        BinaryPrimitives.WriteInt64LittleEndian(old.AsSpan(8), 2);
        data.CopyTo(old.AsSpan(16));
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(4), Crc32C.Mask(Crc32C.Compute(old.AsSpan(8))));
        using (var f = fs.CreateFile(wal, WriteCategory.Other))
        {
            f.Append(old);
            f.Sync();
        }

        var ex = Assert.Throws<CorruptionException>(() => Open(fs));
        Assert.Contains("memory.wal", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WBMEMWAL", ex.Message, StringComparison.Ordinal);
        Assert.Equal(old.Length, fs.GetFileSize(wal));
    }
}
