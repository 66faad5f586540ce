using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests.Blob;

public sealed class BlobFileSetTests
{
    private static void WriteBlob(IFileSystem fs, long number)
    {
        using var w = new BlobFileWriter(fs.CreateFile($"/db/{BlobFileFormat.FileName(number)}", WriteCategory.Blob), number);
        w.Add("k"u8, "v"u8);
        w.Finish();
    }

    private static BlobFileMeta Meta(long n) => new(n, 0, 100, 50, 1);

    [Fact]
    public void Crash_never_resurrects_deleted_files_nor_forgets_live_ones()
    {
        var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
        fs.CreateDirectory("/db");
        var set = BlobFileSet.Open(fs, "/db");
        foreach (var n in new long[] { 3, 4, 5 }) WriteBlob(fs, n);
        set.Add([Meta(3), Meta(4), Meta(5)]);
        set.Delete([4]);
        Assert.False(fs.FileExists("/db/000004.blob"));
        WriteBlob(fs, 9); // written and synced but never recorded: an orphan
        fs.SimulateCrash();

        var reopened = BlobFileSet.Open(fs, "/db");
        var numbers = reopened.Snapshot().Select(m => m.Number).Order().ToArray();
        Assert.Equal([3L, 5L], numbers);
        Assert.False(fs.FileExists("/db/000009.blob"));
        Assert.False(fs.FileExists("/db/000004.blob"));
        Assert.Equal(5, reopened.MaxFileNumber);
        reopened.Dispose();

        // And again after a second crash (the compacted manifest must itself be durable).
        fs.SimulateCrash();
        var third = BlobFileSet.Open(fs, "/db");
        Assert.Equal([3L, 5L], third.Snapshot().Select(m => m.Number).Order().ToArray());
        Assert.Single(fs.ListFiles("/db"), n => n.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal));
        third.Dispose();
    }

    [Fact]
    public void File_levels_survive_reopen_and_level_zero_keeps_the_original_record_type()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/db");
        var set = BlobFileSet.Open(fs, "/db");
        foreach (var n in new long[] { 3, 4 }) WriteBlob(fs, n);
        set.Add([Meta(3), Meta(4) with { Level = 5 }]);
        Assert.Equal(5, set.Find(4)?.Level);
        Assert.Null(set.Find(7));
        set.Dispose();
        var reopened = BlobFileSet.Open(fs, "/db");
        Assert.Equal(0, reopened.Find(3)?.Level);
        Assert.Equal(5, reopened.Find(4)?.Level);
        reopened.Dispose();
        Assert.Equal(BlobManifestRecord.AddFile, BlobManifestRecord.EncodeAdd(Meta(3))[0]);
        var files = new Dictionary<long, BlobFileMeta>();
        BlobManifestRecord.Apply(BlobManifestRecord.EncodeAdd(Meta(4) with { Level = 2 }), files, "m", 0);
        Assert.Equal(2, files[4].Level);
        var bad = BlobManifestRecord.EncodeAdd(Meta(4) with { Level = 2 });
        Assert.Throws<CorruptionException>(() => BlobManifestRecord.Apply(bad.AsSpan(0, bad.Length - 1), files, "m", 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void After_a_failed_manifest_write_the_set_refuses_changes_so_the_log_stays_readable(int nth)
    {
        var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
        fs.CreateDirectory("/db");
        var set = BlobFileSet.Open(fs, "/db");
        WriteBlob(fs, 3);
        set.Add([Meta(3)]);
        fs.FailNth(FaultKind.Write, nth, pathContains: "BLOBMANIFEST");
        var recorded = new List<long> { 3 };
        IOException? failure = null;
        for (long n = 4; n < 40 && failure is null; n++)
        {
            WriteBlob(fs, n);
            try
            {
                set.Add([Meta(n)]);
                recorded.Add(n);
            }
            catch (IOException e)
            {
                failure = e;
            }
        }
        Assert.NotNull(failure);
        fs.ClearFaults();
        WriteBlob(fs, 50);
        var refused = Assert.Throws<IOException>(() => set.Add([Meta(50)]));
        Assert.Contains("reopen", refused.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => set.Delete([3]));
        fs.SimulateCrash();

        var reopened = BlobFileSet.Open(fs, "/db"); // a torn tail is the end of the log, not corruption
        Assert.Equal(recorded, reopened.Snapshot().Select(m => m.Number).Order().ToList());
        reopened.Dispose();
    }

    [Fact]
    public void A_listed_file_that_is_missing_is_corruption()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/db");
        var set = BlobFileSet.Open(fs, "/db");
        WriteBlob(fs, 3);
        set.Add([Meta(3)]);
        set.Dispose();
        fs.DeleteFile("/db/000003.blob");
        var e = Assert.Throws<CorruptionException>(() => BlobFileSet.Open(fs, "/db"));
        Assert.Contains("000003.blob", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_returns_null_after_delete_while_a_held_reader_still_works()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/db");
        var set = BlobFileSet.Open(fs, "/db");
        WriteBlob(fs, 3);
        set.Add([Meta(3)]);
        var r = set.Acquire(3)!;
        set.Delete([3]);
        Assert.Null(set.Acquire(3));
        var buf = new System.Buffers.ArrayBufferWriter<byte>();
        r.Read(new BlobIndex(3, BlobFileFormat.HeaderSize, BlobRecord.EncodedLength(1, 1)), "k"u8, buf);
        Assert.Equal("v"u8.ToArray(), buf.WrittenSpan.ToArray());
        r.Unref();
        set.Dispose();
    }
}
