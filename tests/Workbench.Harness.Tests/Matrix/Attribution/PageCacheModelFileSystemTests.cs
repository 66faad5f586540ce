using Workbench.Harness.Matrix.Attribution;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Harness.Tests.Matrix.Attribution;

/// <summary>The page-cache model charges whole pages as Linux's write_bytes does: once per clean page dirtied, again after a sync.</summary>
public sealed class PageCacheModelFileSystemTests
{
    private static readonly int Page = PageCacheModelFileSystem.PageSize;

    private static PageCacheModelFileSystem NewFs()
    {
        var memory = new MemoryFileSystem();
        foreach (var d in new[] { "/d", "/d/raft", "/d/data" }) memory.CreateDirectory(d);
        return new PageCacheModelFileSystem(memory);
    }

    [Fact]
    public void Each_small_synced_append_costs_a_page_and_unsynced_ones_share_it()
    {
        var fs = NewFs();
        using (var log = fs.CreateFile("/d/raft/1.log", WriteCategory.RaftLog))
            for (var i = 0; i < 10; i++)
            {
                log.Append(new byte[100]);
                log.Sync();
            }
        using (var wal = fs.CreateFile("/d/data/1.wal", WriteCategory.Wal))
        {
            for (var i = 0; i < 10; i++) wal.Append(new byte[100]);
            wal.Sync();
        }
        var charged = fs.Charged();
        Assert.Equal(10L * Page, charged["raft.raft_log"]);
        Assert.Equal(Page, charged["engine.wal"]);
    }

    [Fact]
    public void A_write_across_a_boundary_dirties_both_pages_and_rewrites_of_dirty_pages_are_free()
    {
        var fs = NewFs();
        using var f = fs.CreateFile("/d/p", WriteCategory.Page);
        f.Append(new byte[Page - 10]);
        f.Append(new byte[20]); // crosses into page 1
        f.WriteAt(0, new byte[Page * 2]); // both pages dirty already
        Assert.Equal(2L * Page, fs.Charged()["engine.page"]);
        f.Sync();
        f.WriteAt(Page + 1, new byte[1]);
        Assert.Equal(3L * Page, fs.Charged()["engine.page"]);
    }

    [Fact]
    public void Dirty_pages_follow_the_file_through_reopen_and_rename_and_are_gone_after_delete()
    {
        var fs = NewFs();
        using (var f = fs.CreateFile("/d/a.tmp", WriteCategory.Manifest)) f.Append(new byte[10]);
        fs.RenameFile("/d/a.tmp", "/d/a");
        using (var f = fs.OpenWritable("/d/a", WriteCategory.Manifest)) f.Append(new byte[10]); // same page, still dirty
        Assert.Equal(Page, fs.Charged()["engine.manifest"]);
        fs.DeleteFile("/d/a");
        using (var f = fs.CreateFile("/d/a", WriteCategory.Manifest)) f.Append(new byte[10]);
        Assert.Equal(2L * Page, fs.Charged()["engine.manifest"]);
    }

    [Fact]
    public void The_path_names_the_owner_and_the_category_the_cause()
    {
        var dir = Path.Combine(Path.GetTempPath(), "workbench-owner-" + Guid.NewGuid().ToString("N"));
        foreach (var d in new[] { "pd", "node1/snap", "node1/data" }) Directory.CreateDirectory(Path.Combine(dir, d));
        var fs = AttributionFiles.ForDirectory(dir);
        try
        {
            using (var f = fs.CreateFile(FilePaths.Combine(dir, "pd/tso"), WriteCategory.Other)) f.Append(new byte[1]);
            using (var f = fs.CreateFile(FilePaths.Combine(dir, "node1/snap/1.sst"), WriteCategory.Snapshot)) f.Append(new byte[1]);
            using (var f = fs.CreateFile(FilePaths.Combine(dir, "node1/data/1.sst"), WriteCategory.Flush)) f.Append(new byte[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var charged = fs.Charged();
        Assert.Equal(["engine.flush", "pd.other", "raft.snapshot"], charged.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Truncating_forgets_the_pages_past_the_new_end()
    {
        var fs = NewFs();
        using var f = fs.CreateFile("/d/t", WriteCategory.Other);
        f.Append(new byte[3 * Page]);
        f.Truncate(Page);
        f.WriteAt(Page, new byte[1]); // page 1 was dropped: dirtied again
        Assert.Equal(4L * Page, fs.Charged()["engine.other"]);
    }
}
