using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Tests.Blob;
using Workbench.Storage.Metrics;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// Issue 20 (3): a MANIFEST cut to half kept its first records and lost the later ones; the cut
/// looked like a torn tail, so open showed an old (empty) version and deleted the newer tables as
/// orphans. Now the log that version needs is missing, which is reported as corruption, and nothing
/// is deleted.
/// </summary>
public class TruncatedManifestTests
{
    private static readonly string[] Cfs = ["default", "lock"];

    /// <summary>No compactions: every table stays live, so the cut loses flush records only (a lost compaction record shows as a missing table instead).</summary>
    private static readonly Dictionary<string, string> NoCompaction = new()
    {
        ["level0_file_num_compaction_trigger"] = "1000",
        ["level0_slowdown_writes_trigger"] = "1000",
        ["level0_stop_writes_trigger"] = "1000",
    };

    private static IKvEngine Open(MemoryFileSystem fs, bool titan) =>
        titan ? TitanTestEngines.Open(fs, "/db", Cfs, NoCompaction) : LsmTestEngines.Open(fs, "/db", Cfs, NoCompaction);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_manifest_truncated_to_half_is_corruption_and_no_table_is_deleted(bool titan)
    {
        var fs = new MemoryFileSystem();
        using (var e = Open(fs, titan))
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 3000; i++) e.Put(cf, K(i), new byte[200 + i % 7]);
            e.Flush();
        }
        var manifest = fs.ListFiles("/db").Single(n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
        var before = fs.ListFiles("/db").ToList();
        Assert.Contains(before, n => n.EndsWith(".sst", StringComparison.Ordinal));
        using (var f = fs.OpenWritable("/db/" + manifest, WriteCategory.Other)) f.Truncate(f.Length / 2);
        var ex = Assert.Throws<CorruptionException>(() => Open(fs, titan));
        Assert.Contains(manifest, ex.Message, StringComparison.Ordinal);
        foreach (var n in before) Assert.True(fs.FileExists("/db/" + n), $"{n} was deleted by a failed open");
    }

    [Fact]
    public void An_unwritten_column_family_does_not_make_a_healthy_manifest_look_truncated()
    {
        var fs = new MemoryFileSystem();
        for (var round = 0; round < 3; round++)
        {
            using var e = Open(fs, titan: false);
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 2000; i++) e.Put(cf, K(round * 10000 + i), new byte[100]);
            e.Flush();
        }
        using var r = Open(fs, titan: false);
        Assert.Equal(new byte[100], r.Get(r.DefaultColumnFamily(), K(21999)));
    }
}
