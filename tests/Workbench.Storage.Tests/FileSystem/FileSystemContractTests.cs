using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;


namespace Workbench.Storage.Tests.FileSystem;

/// <summary>Behaviour every <see cref="IFileSystem"/> must share; derived per implementation.</summary>
public abstract class FileSystemContractTests : IDisposable
{
    protected abstract IFileSystem Fs { get; }
    protected abstract string Root { get; }

    private string P(string name) => FilePaths.Combine(Root, name);

    [Fact]
    public void Appended_bytes_read_back_and_length_tracks_them()
    {
        using (var f = Fs.CreateFile(P("a"), WriteCategory.Wal))
        {
            f.Append("hello "u8);
            f.Append("world"u8);
            Assert.Equal(11, f.Length);
            var buf = new byte[11];
            Assert.Equal(11, f.ReadAt(0, buf)); // a writer can read what it wrote, buffered or not
            Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(buf));
            f.Sync();
        }
        Assert.True(Fs.FileExists(P("a")));
        Assert.Equal(11, Fs.GetFileSize(P("a")));
        using var r = Fs.OpenRead(P("a"));
        var part = new byte[5];
        Assert.Equal(5, r.ReadAt(6, part));
        Assert.Equal("world", System.Text.Encoding.ASCII.GetString(part));
        Assert.Equal(2, r.ReadAt(9, part)); // short only at the end
        Assert.Equal(0, r.ReadAt(11, part));
    }

    [Fact]
    public void Positional_writes_overwrite_and_extend_with_zeros()
    {
        using var f = Fs.CreateFile(P("p"), WriteCategory.Page);
        f.Append("abcdef"u8);
        f.WriteAt(2, "XY"u8);
        f.WriteAt(10, "Z"u8);
        Assert.Equal(11, f.Length);
        var buf = new byte[11];
        f.ReadAt(0, buf);
        Assert.Equal("abXYef\0\0\0\0Z", System.Text.Encoding.ASCII.GetString(buf));
        f.Truncate(3);
        Assert.Equal(3, f.Length);
        f.Append("!"u8);
        var four = new byte[4];
        f.ReadAt(0, four);
        Assert.Equal("abX!", System.Text.Encoding.ASCII.GetString(four));
    }

    [Fact]
    public void OpenWritable_keeps_existing_content_and_CreateFile_truncates()
    {
        using (var f = Fs.CreateFile(P("k"), WriteCategory.Other)) f.Append("12345"u8);
        using (var f = Fs.OpenWritable(P("k"), WriteCategory.Other))
        {
            Assert.Equal(5, f.Length);
            f.Append("6"u8);
        }
        Assert.Equal(6, Fs.GetFileSize(P("k")));
        using (Fs.CreateFile(P("k"), WriteCategory.Other)) { }
        Assert.Equal(0, Fs.GetFileSize(P("k")));
        using (var f = Fs.OpenWritable(P("new"), WriteCategory.Other)) Assert.Equal(0, f.Length);
        Assert.True(Fs.FileExists(P("new")));
    }

    [Fact]
    public void Rename_replaces_the_destination_and_delete_is_idempotent()
    {
        using (var f = Fs.CreateFile(P("src"), WriteCategory.Other)) f.Append("new"u8);
        using (var f = Fs.CreateFile(P("dst"), WriteCategory.Other)) f.Append("old-content"u8);
        Fs.RenameFile(P("src"), P("dst"));
        Assert.False(Fs.FileExists(P("src")));
        Assert.Equal(3, Fs.GetFileSize(P("dst")));
        Fs.DeleteFile(P("dst"));
        Fs.DeleteFile(P("dst"));
        Assert.False(Fs.FileExists(P("dst")));
    }

    [Fact]
    public void Listing_returns_sorted_names_of_files_directly_in_the_directory()
    {
        Fs.CreateDirectory(P("sub"));
        foreach (var n in new[] { "b", "a", "c10", "c9" }) using (Fs.CreateFile(P(n), WriteCategory.Other)) { }
        using (Fs.CreateFile(P("sub/inner"), WriteCategory.Other)) { }
        Assert.Equal(["a", "b", "c10", "c9"], Fs.ListFiles(Root));
        Assert.Equal(["inner"], Fs.ListFiles(P("sub")));
        Assert.True(Fs.DirectoryExists(P("sub")));
        Fs.SyncDirectory(Root);
        Fs.DeleteDirectory(P("sub"));
        Assert.False(Fs.DirectoryExists(P("sub")));
        Assert.False(Fs.FileExists(P("sub/inner")));
    }

    [Fact]
    public void Missing_files_and_directories_are_reported()
    {
        Assert.Throws<FileNotFoundException>(() => Fs.OpenRead(P("nope")));
        Assert.ThrowsAny<IOException>(() => Fs.CreateFile(P("no-dir/x"), WriteCategory.Other));
        Assert.ThrowsAny<IOException>(() => Fs.RenameFile(P("nope"), P("other")));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

public sealed class MemoryFileSystemContractTests : FileSystemContractTests
{
    private readonly MemoryFileSystem _fs = new();

    public MemoryFileSystemContractTests() => _fs.CreateDirectory("/root");

    protected override IFileSystem Fs => _fs;
    protected override string Root => "/root";
}

public sealed class LocalFileSystemContractTests : FileSystemContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-fs-" + Guid.NewGuid().ToString("N"));

    public LocalFileSystemContractTests() => Directory.CreateDirectory(_root);

    protected override IFileSystem Fs => LocalFileSystem.Instance;
    protected override string Root => _root;

    public override void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        base.Dispose();
    }
}

public sealed class FaultInjectingFileSystemContractTests : FileSystemContractTests
{
    private readonly FaultInjectingFileSystem _fs = new(new MemoryFileSystem());

    public FaultInjectingFileSystemContractTests() => _fs.CreateDirectory("/root");

    protected override IFileSystem Fs => _fs;
    protected override string Root => "/root";
}
