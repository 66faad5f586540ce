using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

public class FaultTests
{
    private static (FaultInjectingFileSystem Fs, IKvEngine Engine) Open(FaultInjectingFileSystem? fs = null)
    {
        fs ??= new FaultInjectingFileSystem(new MemoryFileSystem());
        fs.CreateDirectory("/db");
        return (fs, LsmTestEngines.Open(fs, "/db"));
    }

    [Fact]
    public void A_full_disk_stops_writes_cleanly_and_the_engine_reopens_with_every_acknowledged_synced_write()
    {
        var (fs, e) = Open();
        var cf = e.DefaultColumnFamily();
        var acked = 0;
        for (; acked < 300; acked++) e.Put(cf, K(acked), new byte[100], WriteOptions.Synced);
        fs.SimulateDiskFull();
        Exception? failure = null;
        for (var i = acked; i < 5000 && failure is null; i++)
        {
            try
            {
                e.Put(cf, K(i), new byte[100], WriteOptions.Synced);
                acked = i + 1;
            }
            catch (EngineWriteStoppedException ex)
            {
                failure = ex;
            }
        }
        Assert.NotNull(failure);
        Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, K(99_999), K("x")));
        Assert.Throws<EngineWriteStoppedException>(() => e.Flush());
        // reads keep working on what is in memory and on disk
        Assert.Equal(100, e.Get(cf, K(0))!.Length);
        fs.ClearFaults();
        e.Dispose();
        var reopened = LsmTestEngines.Open(fs, "/db");
        cf = reopened.DefaultColumnFamily();
        for (var i = 0; i < acked; i++) Assert.True(reopened.Get(cf, K(i)) is { Length: 100 }, $"acknowledged key {i} lost");
        reopened.Put(cf, K(123_456), K("writable again"), WriteOptions.Synced);
        reopened.Flush();
        reopened.Dispose();
    }

    [Theory]
    [InlineData(FaultKind.Sync, ".sst")]
    [InlineData(FaultKind.Write, "MANIFEST")]
    [InlineData(FaultKind.Create, ".log")]
    public void An_IO_error_in_flush_manifest_or_log_switch_stops_writes_and_reopening_keeps_acknowledged_data(FaultKind kind, string path)
    {
        var (fs, e) = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 100; i++) e.Put(cf, K(i), new byte[100], WriteOptions.Synced);
        fs.FailNth(kind, 1, sticky: true, pathContains: path);
        var acked = 100;
        Exception? failure = null;
        for (var i = 100; i < 20_000 && failure is null; i++)
        {
            try
            {
                e.Put(cf, K(i), new byte[100], WriteOptions.Synced);
                acked = i + 1;
                if (i % 500 == 0) e.Flush();
            }
            catch (EngineWriteStoppedException ex)
            {
                failure = ex;
            }
        }
        Assert.NotNull(failure);
        Assert.Contains("injected", failure!.ToString(), StringComparison.Ordinal);
        fs.ClearFaults();
        e.Dispose();
        var reopened = LsmTestEngines.Open(fs, "/db");
        cf = reopened.DefaultColumnFamily();
        for (var i = 0; i < acked; i++) Assert.True(reopened.Get(cf, K(i)) is { Length: 100 }, $"acknowledged key {i} lost");
        reopened.Dispose();
    }
}
