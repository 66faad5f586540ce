using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Testing.FileSystems;

namespace Workbench.Storage.Tests.FileSystem;

public sealed class DirectorySizeTests
{
    [Fact]
    public void Sums_the_sizes_of_the_listed_files()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/d");
        Write(fs, "/d/a", 100);
        Write(fs, "/d/b", 4096);
        Assert.Equal(4196, DirectorySize.Of(fs, "/d"));
    }

    [Fact]
    public void A_file_deleted_between_the_listing_and_its_size_counts_zero_instead_of_throwing()
    {
        // The race CI hit: the btree checkpointer deleted a retired log while GetMetrics summed the directory.
        var inner = new MemoryFileSystem();
        inner.CreateDirectory("/d");
        Write(inner, "/d/wal-1.log", 300);
        Write(inner, "/d/pages", 8192);
        var fs = new DeleteAfterListing(inner, "/d/wal-1.log");
        Assert.Equal(8192, DirectorySize.Of(fs, "/d"));
        Assert.False(inner.FileExists("/d/wal-1.log"));
    }

    private static void Write(IFileSystem fs, string path, int bytes)
    {
        using var f = fs.CreateFile(path, WriteCategory.Other);
        f.Append(new byte[bytes]);
    }

    /// <summary>Lists the directory, then deletes one listed file, as a background thread would.</summary>
    private sealed class DeleteAfterListing(MemoryFileSystem inner, string victim) : WrappingFileSystem(inner)
    {
        public override IReadOnlyList<string> ListFiles(string directory)
        {
            var names = Inner.ListFiles(directory);
            Inner.DeleteFile(victim);
            return names;
        }
    }
}
