using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>
/// Issue 20 (2): a damaged BLOBMANIFEST whose tail looked torn opened "successfully", and open then
/// deleted every blob file it no longer listed although SSTs pointed into them. Now such a listing
/// is corruption naming the blob manifest, and no file is deleted or rewritten.
/// </summary>
public class DamagedBlobManifestTests
{
    private static MemoryFileSystem Build(out string manifest, out List<string> files)
    {
        var fs = new MemoryFileSystem();
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: Separated))
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 400; i++) e.Put(cf, K(i), Value(i));
            e.Flush();
        }
        files = fs.ListFiles("/db").ToList();
        Assert.Contains(files, n => n.EndsWith(".blob", StringComparison.Ordinal));
        manifest = files.Single(n => n.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal));
        return fs;
    }

    private static Dictionary<string, string> Separated => new() { ["min_blob_size"] = "1000" };

    private static byte[] Value(int i)
    {
        var v = new byte[1500];
        new Random(i).NextBytes(v);
        return v;
    }

    [Theory]
    [InlineData("flip5")]
    [InlineData("half")]
    [InlineData("zero")]
    [InlineData("delete")]
    public void A_damaged_blob_manifest_is_corruption_and_no_blob_file_is_deleted(string damage)
    {
        var fs = Build(out var manifest, out var files);
        var path = "/db/" + manifest;
        switch (damage)
        {
            case "delete":
                fs.DeleteFile(path);
                break;
            default:
                using (var f = fs.OpenWritable(path, WriteCategory.Other))
                {
                    if (damage == "flip5")
                    {
                        var b = new byte[1];
                        f.ReadAt(5, b);
                        b[0] ^= 0x40;
                        f.WriteAt(5, b);
                    }
                    else if (damage == "half") f.Truncate(f.Length / 2);
                    else f.WriteAt(0, new byte[Math.Min(4096, f.Length)]);
                }
                break;
        }
        var ex = Assert.Throws<CorruptionException>(() => TitanTestEngines.Open(fs, "/db", overrides: Separated));
        Assert.Contains("BLOBMANIFEST-", ex.Message, StringComparison.Ordinal);
        foreach (var n in files.Where(n => n.EndsWith(".blob", StringComparison.Ordinal) || n.EndsWith(".sst", StringComparison.Ordinal)))
            Assert.True(fs.FileExists("/db/" + n), $"{n} was deleted by a failed open ({damage})");
    }

    [Fact]
    public void Healthy_reopens_keep_every_value_after_gc_deleted_files_that_stale_entries_still_name()
    {
        var fs = new MemoryFileSystem();
        for (var round = 0; round < 3; round++)
        {
            using var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc());
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 300; i++) e.Put(cf, K(i), Value(i + round));
            e.Flush();
            while (TitanTestEngines.Blobs(e).RunGcOnce()) { }
        }
        using var r = TitanTestEngines.Open(fs, "/db", overrides: Separated);
        for (var i = 0; i < 300; i++) Assert.Equal(Value(i + 2), r.Get(r.DefaultColumnFamily(), K(i)));
    }
}
