using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Testing.Seeds;


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
        Assert.Throws<FileNotFoundException>(() => Fs.OpenRead(P("nope"), ReadMode.Direct));
        Assert.ThrowsAny<IOException>(() => Fs.CreateFile(P("no-dir/x"), WriteCategory.Other));
        Assert.ThrowsAny<IOException>(() => Fs.RenameFile(P("nope"), P("other")));
    }

    [Fact]
    public void Direct_reads_return_what_was_written_at_unaligned_offsets_and_lengths_and_across_the_end()
    {
        var rng = new Random(TestSeed.Fresh(null, "direct reads"));
        // Longer than a direct read's 256 KiB chunk, and not a whole number of 4 KiB blocks.
        var data = new byte[300 * 1024 + 1234];
        rng.NextBytes(data);
        using (var f = Fs.CreateFile(P("d"), WriteCategory.Flush))
        {
            f.Append(data);
            f.Sync();
        }
        using var r = Fs.OpenRead(P("d"), ReadMode.Direct);
        Assert.Equal(data.Length, r.Length);
        (long Offset, int Length)[] edges =
        [
            (0, 4096), (0, data.Length), (1, 4095), (4095, 2), (4096, 1), (4097, 8190), (262_143, 3), (100, 262_144 + 5000),
            (data.Length - 10, 100), (data.Length - 1, 1), (data.Length, 5), (data.Length + 5000, 10), (100, 0), (0, data.Length + 9000),
        ];
        foreach (var (offset, length) in edges) AssertReadsBack(r, data, offset, length);
        for (var i = 0; i < 100; i++)
            AssertReadsBack(r, data, rng.NextInt64(data.Length + 100), rng.Next(8) == 0 ? rng.Next(300_000) : rng.Next(20_000));
    }

    [Fact]
    public void Direct_reads_see_a_file_that_is_still_being_appended_to()
    {
        var data = new byte[10_000];
        new Random(7).NextBytes(data);
        using var w = Fs.CreateFile(P("grow"), WriteCategory.Flush);
        w.Append(data.AsSpan(0, 5000));
        w.Flush();
        using var r = Fs.OpenRead(P("grow"), ReadMode.Direct);
        Assert.Equal(5000, r.Length);
        AssertReadsBack(r, data.AsSpan(0, 5000).ToArray(), 0, 8000); // short: the end so far
        w.Append(data.AsSpan(5000));
        w.Flush();
        Assert.Equal(10_000, r.Length);
        AssertReadsBack(r, data, 1000, 8000); // across the old end
        AssertReadsBack(r, data, 4999, 6000);
    }

    /// <summary>A read of <paramref name="length"/> bytes at <paramref name="offset"/> returns exactly the bytes of <paramref name="data"/> there (short only at its end).</summary>
    private static void AssertReadsBack(IReadableFile r, byte[] data, long offset, int length)
    {
        var buf = new byte[length];
        var expected = (int)Math.Clamp(data.Length - offset, 0, length);
        Assert.Equal(expected, r.ReadAt(offset, buf));
        Assert.True(data.AsSpan((int)Math.Min(offset, data.Length), expected).SequenceEqual(buf.AsSpan(0, expected)), $"bytes read at {offset} (+{length}) differ");
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

/// <summary>The wrappers over the real file system: counting and fault injection pass the read mode through.</summary>
public sealed class CountingFaultInjectingLocalFileSystemContractTests : FileSystemContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-fs-" + Guid.NewGuid().ToString("N"));
    private readonly CountingFileSystem _fs = new(new FaultInjectingFileSystem(LocalFileSystem.Instance));

    public CountingFaultInjectingLocalFileSystemContractTests() => Directory.CreateDirectory(_root);

    protected override IFileSystem Fs => _fs;
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
