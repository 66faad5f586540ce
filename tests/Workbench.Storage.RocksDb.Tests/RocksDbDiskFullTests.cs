using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Xunit.Abstractions;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// A real full disk under RocksDB (a small tmpfs, RocksDB 11.12): the write that hits it must come
/// back as a typed error — <see cref="EngineWriteStoppedException"/> over a <see cref="StorageIOException"/>
/// whose <see cref="IOException"/> carries ENOSPC — never an abort inside librocksdb (Debian's 7.8
/// aborted on its `sync_without_flush_called_` assertion here, docs/engines-rocksdb.md); later writes
/// are refused, reads still work, and after space is freed a reopen finds every acknowledged write.
/// </summary>
public sealed class RocksDbDiskFullTests(ITestOutputHelper output)
{
    private const int ValueSize = 4000;
    private const int MaxWrites = 20_000; // 80 MB: far beyond the file system's size

    [TmpfsFact]
    public void A_full_disk_is_a_typed_error_and_loses_nothing_acknowledged() => FillAndRecover(RocksDbEngineFactory.EngineName);

    [TmpfsFact]
    public void A_full_disk_under_blob_files_is_a_typed_error_and_loses_nothing_acknowledged() => FillAndRecover(RocksDbBlobEngineFactory.EngineName);

    private void FillAndRecover(string engineName)
    {
        using var fs = new TmpfsMount(8L << 20);
        var dir = Path.Combine(fs.Path, "db");
        var options = RocksDbTestEngines.SmallOptions(engineName);
        var e = RocksDbTestEngines.Open(engineName, dir, ["default"], options);
        var acknowledged = 0;
        try
        {
            var cf = e.DefaultColumnFamily();
            Exception? failure = null;
            for (; acknowledged < MaxWrites; acknowledged++)
            {
                try
                {
                    e.Put(cf, Key(acknowledged), Value(acknowledged));
                }
                catch (Exception x)
                {
                    failure = x;
                    break;
                }
            }
            Assert.True(failure is not null, $"{MaxWrites} writes of {ValueSize} bytes fit into an 8 MiB file system");
            output.WriteLine($"{engineName}: write {acknowledged} failed: {failure.GetType().Name}: {failure.Message}");
            var stopped = Assert.IsType<EngineWriteStoppedException>(failure);
            var io = Assert.IsType<StorageIOException>(stopped.InnerException);
            Assert.Contains("No space left on device", io.Message, StringComparison.Ordinal);
            Assert.Equal(Interop.RocksDbStatus.NoSpaceHResult, Assert.IsType<IOException>(io.InnerException).HResult);
            Assert.True(acknowledged > 100, $"only {acknowledged} writes fit before the disk was full");

            Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, "after"u8, "x"u8)); // latched
            for (var i = 0; i < acknowledged; i += 97) Assert.Equal(Value(i), e.Get(cf, Key(i))); // reads still work

            e.Dispose();
            fs.Resize(256L << 20); // space freed
            e = RocksDbTestEngines.Open(engineName, dir, ["default"], options);
            cf = e.DefaultColumnFamily();
            for (var i = 0; i < acknowledged; i++)
                Assert.True(Value(i).AsSpan().SequenceEqual(e.Get(cf, Key(i))), $"acknowledged write {i} of {acknowledged} lost or wrong after reopening");
            Assert.Null(e.Get(cf, "after"u8));
            e.Put(cf, "after"u8, "x"u8); // writable again
            e.Flush();
        }
        finally
        {
            e.Dispose();
        }
    }

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D8}");

    private static byte[] Value(int i)
    {
        var v = new byte[ValueSize];
        new Random(i).NextBytes(v); // incompressible, derived from the key: a wrong value is detected
        return v;
    }
}
