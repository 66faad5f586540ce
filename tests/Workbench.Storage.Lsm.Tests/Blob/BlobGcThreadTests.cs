using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>The background GC thread survives any failure: it records it in GcError and stops GC, the engine keeps serving.</summary>
public sealed class BlobGcThreadTests
{
    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    [Fact]
    public void An_unexpected_exception_in_background_gc_is_recorded_and_stops_gc()
    {
        var fs = new GatedFileSystem(new MemoryFileSystem());
        var options = TitanTestEngines.ManualGc();
        options["blob_gc_background"] = "true";
        using var e = TitanTestEngines.Open(fs, "/db", overrides: options);
        var cf = e.DefaultColumnFamily();
        // Not an IOException: the kind of failure (a bug, an unexpected type) the thread must not die of.
        fs.FailCreate = (path, category) => category == WriteCategory.BlobGc ? new InvalidOperationException($"injected failure creating {path}") : null;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++) e.Put(cf, Key(i), new byte[500 + round]);
            for (var i = 0; i < 100; i += 3) e.Put(cf, Key(i), new byte[400 + round]);
            e.Flush();
        }
        e.CompactRange(cf);
        var store = TitanTestEngines.Blobs(e);
        Assert.True(SpinWait.SpinUntil(() => store.GcError is not null, TimeSpan.FromSeconds(30)), "background GC never ran into the injected failure");
        Assert.IsType<InvalidOperationException>(store.GcError);
        Assert.Contains("GC stopped after error: injected failure", e.GetProperty("stats"), StringComparison.Ordinal);
        for (var i = 0; i < 100; i++) Assert.Equal(i % 3 == 0 ? 402 : 502, e.Get(cf, Key(i))!.Length);
        e.Put(cf, Key(0), new byte[10]); // the engine still takes writes
        Assert.Equal(10, e.Get(cf, Key(0))!.Length);
    }
}
