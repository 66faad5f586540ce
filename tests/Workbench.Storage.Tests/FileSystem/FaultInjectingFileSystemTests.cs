using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;


namespace Workbench.Storage.Tests.FileSystem;

public sealed class FaultInjectingFileSystemTests
{
    private readonly MemoryFileSystem _inner = new();
    private readonly FaultInjectingFileSystem _fs;

    public FaultInjectingFileSystemTests()
    {
        _inner.CreateDirectory("/d");
        _fs = new FaultInjectingFileSystem(_inner);
    }

    private string Read(string path)
    {
        using var f = _inner.OpenRead(path);
        var b = new byte[f.Length];
        f.ReadAt(0, b);
        return System.Text.Encoding.ASCII.GetString(b);
    }

    [Fact]
    public void A_crash_drops_bytes_appended_after_the_last_sync()
    {
        var f = _fs.CreateFile("/d/log", WriteCategory.Wal);
        f.Append("durable"u8);
        f.Sync();
        f.Append("-volatile"u8);
        f.Flush();
        Assert.Equal("durable-volatile", Read("/d/log"));
        _fs.SimulateCrash();
        Assert.Equal("durable", Read("/d/log"));
    }

    [Fact]
    public void A_crash_restores_bytes_overwritten_after_the_last_sync()
    {
        var f = _fs.CreateFile("/d/pages", WriteCategory.Page);
        f.Append("AAAABBBBCCCC"u8);
        f.Sync();
        f.WriteAt(4, "xxxx"u8);
        f.WriteAt(6, "yyyyyyyy"u8); // overlaps the first write and extends the file
        f.Truncate(5);
        f.Append("zz"u8);
        _fs.SimulateCrash();
        Assert.Equal("AAAABBBBCCCC", Read("/d/pages"));
    }

    [Fact]
    public void A_new_file_survives_only_once_it_or_its_directory_was_synced()
    {
        using (var a = _fs.CreateFile("/d/unsynced", WriteCategory.Other)) a.Append("x"u8);
        using (var b = _fs.CreateFile("/d/file-synced", WriteCategory.Other))
        {
            b.Append("y"u8);
            b.Sync();
        }
        using (var c = _fs.CreateFile("/d/dir-synced", WriteCategory.Other)) c.Append("z"u8);
        _fs.SyncDirectory("/d");
        using (var d = _fs.CreateFile("/d/after-dir-sync", WriteCategory.Other)) d.Append("w"u8);
        _fs.SimulateCrash();
        // "after-dir-sync" was created after the last directory sync and never synced itself: gone.
        Assert.Equal(["dir-synced", "file-synced", "unsynced"], _inner.ListFiles("/d"));
        Assert.Equal("y", Read("/d/file-synced"));
        Assert.Equal("", Read("/d/dir-synced")); // its name was made durable by the directory sync, its bytes were not
        Assert.Equal("", Read("/d/unsynced"));
    }

    [Fact]
    public void A_renamed_file_keeps_its_sync_state_under_the_new_name()
    {
        using (var t = _fs.CreateFile("/d/CURRENT.tmp", WriteCategory.Manifest))
        {
            t.Append("MANIFEST-1"u8);
            t.Sync();
        }
        _fs.RenameFile("/d/CURRENT.tmp", "/d/CURRENT");
        _fs.SimulateCrash();
        Assert.Equal("MANIFEST-1", Read("/d/CURRENT"));
    }

    [Fact]
    public void Handles_from_before_a_crash_are_dead()
    {
        var f = _fs.CreateFile("/d/x", WriteCategory.Other);
        f.Sync();
        var r = _fs.OpenRead("/d/x");
        _fs.SimulateCrash();
        Assert.Throws<IOException>(() => f.Append("late"u8));
        Assert.Throws<IOException>(() => r.ReadAt(0, new byte[1]));
        f.Dispose(); // harmless
        Assert.Equal(1, _fs.Crashes);
        using var again = _fs.OpenWritable("/d/x", WriteCategory.Other); // new handles work
        again.Append("ok"u8);
    }

    [Fact]
    public void The_nth_operation_of_a_kind_fails_once_or_from_then_on()
    {
        using var f = _fs.CreateFile("/d/f", WriteCategory.Other);
        _fs.FailNth(FaultKind.Write, 3);
        f.Append("1"u8);
        f.Append("2"u8);
        var e = Assert.Throws<IOException>(() => f.Append("3"u8));
        Assert.Contains("injected", e.Message, StringComparison.Ordinal);
        f.Append("4"u8); // once only
        Assert.Equal("124", Read("/d/f"));

        _fs.FailNth(FaultKind.Sync, 1, sticky: true);
        Assert.Throws<IOException>(() => f.Sync());
        Assert.Throws<IOException>(() => f.Sync());
        _fs.ClearFaults();
        f.Sync();
        Assert.True(_fs.OperationCount(FaultKind.Write) >= 4);
    }

    [Fact]
    public void Faults_can_target_paths_and_other_operation_kinds()
    {
        using (var a = _fs.CreateFile("/d/keep.sst", WriteCategory.Flush)) a.Sync();
        _fs.FailNth(FaultKind.Create, 1, pathContains: ".log");
        using (_fs.CreateFile("/d/other.sst", WriteCategory.Flush)) { }
        Assert.Throws<IOException>(() => _fs.CreateFile("/d/000001.log", WriteCategory.Wal));
        _fs.FailNth(FaultKind.Rename, 1);
        Assert.Throws<IOException>(() => _fs.RenameFile("/d/keep.sst", "/d/moved.sst"));
        Assert.True(_fs.FileExists("/d/keep.sst"));
        _fs.FailNth(FaultKind.Delete, 1);
        Assert.Throws<IOException>(() => _fs.DeleteFile("/d/keep.sst"));
        _fs.FailNth(FaultKind.Open, 1);
        Assert.Throws<IOException>(() => _fs.OpenRead("/d/keep.sst"));
        _fs.FailNth(FaultKind.Read, 1);
        using var r = _fs.OpenRead("/d/keep.sst");
        Assert.Throws<IOException>(() => r.ReadAt(0, new byte[1]));
    }

    [Fact]
    public void A_full_disk_fails_every_write_with_enospc()
    {
        using var f = _fs.CreateFile("/d/f", WriteCategory.Other);
        _fs.SimulateDiskFull();
        for (var i = 0; i < 3; i++)
            Assert.Contains("No space left on device", Assert.Throws<IOException>(() => f.Append("x"u8)).Message, StringComparison.Ordinal);
    }
}
