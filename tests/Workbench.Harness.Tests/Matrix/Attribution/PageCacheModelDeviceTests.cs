using Workbench.Harness.Matrix.Attribution;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Proc;

namespace Workbench.Harness.Tests.Matrix.Attribution;

/// <summary>Runs alone (no other test's writes in this process's /proc/self/io meanwhile).</summary>
[CollectionDefinition(nameof(DeviceRulerCollection), DisableParallelization = true)]
public sealed class DeviceRulerCollection;

/// <summary>The model against the real ruler: on the local disk, what it charges is what /proc/self/io's write_bytes grows by.</summary>
[Collection(nameof(DeviceRulerCollection))]
public sealed class PageCacheModelDeviceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-pagemodel-" + Guid.NewGuid().ToString("N"));

    public PageCacheModelDeviceTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Synced_and_unsynced_small_appends_are_charged_as_the_kernel_charges_them(bool syncEach)
    {
        Assert.True(ProcessIo.IsSupported, "these tests run on Linux, where /proc/self/io is the device ruler");
        var fs = new PageCacheModelFileSystem(LocalFileSystem.Instance);
        var before = ProcessIo.ReadSelf();
        using (var f = fs.CreateFile(Path.Combine(_dir, "log"), WriteCategory.RaftLog))
        {
            for (var i = 0; i < 300; i++)
            {
                f.Append(new byte[100]);
                if (syncEach) f.Sync();
            }
            f.Sync();
        }
        var device = ProcessIo.ReadSelf().Minus(before).WriteBytes;
        var model = fs.Charged()["raft.raft_log"];
        // Synced: one page per append, two for the 7 appends that cross a page boundary; unsynced: 30,000 bytes = 8 pages.
        Assert.Equal((syncEach ? 307L : 8L) * PageCacheModelFileSystem.PageSize, model);
        // Directory and inode blocks (file creation) may add a few pages; the runtime's own writes could add a few more.
        Assert.InRange(device, model - PageCacheModelFileSystem.PageSize, model + 16L * PageCacheModelFileSystem.PageSize);
    }
}
