using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Tests.FileSystem;

public sealed class CountingFileSystemTests
{
    [Fact]
    public void Bytes_are_counted_under_the_category_in_force_when_written()
    {
        var inner = new MemoryFileSystem();
        inner.CreateDirectory("/d");
        var fs = new CountingFileSystem(inner);
        using (var wal = fs.CreateFile("/d/wal", WriteCategory.Wal))
        {
            wal.Append(new byte[100]);
            wal.Append(new byte[50]);
            wal.Sync();
        }
        using (var pages = fs.CreateFile("/d/pages", WriteCategory.Page))
        {
            pages.WriteAt(0, new byte[4096]);
            pages.Category = WriteCategory.Checkpoint;
            pages.WriteAt(4096, new byte[8192]);
            var buf = new byte[1000];
            pages.ReadAt(0, buf);
        }
        using (var r = fs.OpenRead("/d/wal")) r.ReadAt(0, new byte[150]);
        fs.SyncDirectory("/d");
        var s = fs.Counters.Snapshot();
        Assert.Equal(150, s.BytesWritten(WriteCategory.Wal));
        Assert.Equal(2, s.WriteOps(WriteCategory.Wal));
        Assert.Equal(4096, s.BytesWritten(WriteCategory.Page));
        Assert.Equal(8192, s.BytesWritten(WriteCategory.Checkpoint));
        Assert.Equal(150 + 4096 + 8192, s.TotalBytesWritten);
        Assert.Equal(1150, s.BytesRead);
        Assert.Equal(2, s.Syncs);
        Assert.Equal(new Dictionary<string, long> { ["wal"] = 150, ["page"] = 4096, ["checkpoint"] = 8192 }, s.ToDictionary());
        var later = fs.Counters.Snapshot();
        Assert.Equal(0, later.Minus(s).TotalBytesWritten);
    }

    [Fact]
    public void Category_names_round_trip()
    {
        foreach (var c in WriteCategories.All)
        {
            Assert.True(WriteCategories.TryParse(c.ToName(), out var back));
            Assert.Equal(c, back);
        }
        Assert.Equal("blob_gc", WriteCategory.BlobGc.ToName());
        Assert.Equal("raft_log", WriteCategory.RaftLog.ToName());
        Assert.False(WriteCategories.TryParse("nope", out _));
    }
}
