using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

public class ManifestTests
{
    private static readonly string[] Cfs = ["default", "lock"];

    /// <summary>No automatic compactions, so the table listing only changes when the test asks.</summary>
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["level0_file_num_compaction_trigger"] = "1000",
        ["level0_slowdown_writes_trigger"] = "1000",
        ["level0_stop_writes_trigger"] = "1000",
        ["max_bytes_for_level_base"] = "1GB",
    };

    private static IKvEngine OpenQuiet(MemoryFileSystem fs, string[] cfs) => LsmTestEngines.Open(fs, "/db", cfs, Quiet);

    private static IKvEngine Fill(MemoryFileSystem fs, int n)
    {
        var e = OpenQuiet(fs, Cfs);
        var cf = e.DefaultColumnFamily();
        var lk = e.GetColumnFamily("lock");
        for (var i = 0; i < n; i++)
        {
            e.Put(cf, K(i), new byte[100]);
            if (i % 3 == 0) e.Put(lk, K(i), K($"l{i}"));
        }
        e.Flush();
        return e;
    }

    [Fact]
    public void Reopen_restores_exactly_the_tables_of_every_level_and_column_family()
    {
        var fs = new MemoryFileSystem();
        var e = Fill(fs, 3000);
        e.CompactRange(e.DefaultColumnFamily());
        var before = e.GetProperty("sstables");
        Assert.Contains(" L1 ", before ?? "", StringComparison.Ordinal);
        e.Dispose();
        e = OpenQuiet(fs, Cfs);
        Assert.Equal(before, e.GetProperty("sstables"));
        for (var i = 0; i < 3000; i += 7) Assert.Equal(100, e.Get(e.DefaultColumnFamily(), K(i))!.Length);
        Assert.Equal(K("l3"), e.Get(e.GetColumnFamily("lock"), K(3)));
        e.Dispose();
    }

    [Fact]
    public void A_torn_last_manifest_record_is_ignored_and_a_missing_manifest_or_table_is_corruption()
    {
        var fs = new MemoryFileSystem();
        var e = Fill(fs, 500);
        var tables = e.GetProperty("sstables");
        e.Dispose();
        var manifest = "/db/" + fs.ListFiles("/db").Single(n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
        using (var f = fs.OpenWritable(manifest, WriteCategory.Other))
        {
            // a record header promising more bytes than follow: an edit that was never synced
            f.Append([0x12, 0x34, 0x56, 0x78, 0xff, 0x00, 1, 5, 9]);
        }
        e = OpenQuiet(fs, Cfs);
        Assert.Equal(tables, e.GetProperty("sstables"));
        e.Dispose();

        var sst = fs.ListFiles("/db").First(n => n.EndsWith(".sst", StringComparison.Ordinal));
        var bytes = ReadAllBytes(fs, "/db/" + sst);
        fs.DeleteFile("/db/" + sst);
        var ex = Assert.Throws<CorruptionException>(() => OpenQuiet(fs, Cfs));
        Assert.Contains(sst, ex.Message, StringComparison.Ordinal);
        using (var w = fs.CreateFile("/db/" + sst, WriteCategory.Other)) w.Append(bytes);

        var current = ReadAllBytes(fs, "/db/CURRENT");
        using (var w = fs.CreateFile("/db/CURRENT", WriteCategory.Other)) w.Append("MANIFEST-999999\n"u8);
        Assert.Throws<CorruptionException>(() => OpenQuiet(fs, Cfs));
        using (var w = fs.CreateFile("/db/CURRENT", WriteCategory.Other)) w.Append(current);
        OpenQuiet(fs, Cfs).Dispose();
    }

    [Fact]
    public void Column_families_are_matched_by_name_and_an_undeclared_existing_one_is_a_config_error()
    {
        var fs = new MemoryFileSystem();
        Fill(fs, 200).Dispose();
        var e = OpenQuiet(fs, ["lock", "default", "write"]); // other order, one new CF
        Assert.Equal(K("l3"), e.Get(e.GetColumnFamily("lock"), K(3)));
        Assert.Equal(100, e.Get(e.DefaultColumnFamily(), K(3))!.Length);
        e.Put(e.GetColumnFamily("write"), K(1), K("w"));
        e.Dispose();
        var ex = Assert.Throws<EngineConfigException>(() => OpenQuiet(fs, ["default"]));
        Assert.Contains("lock", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Obsolete_tables_logs_and_manifests_are_deleted()
    {
        var fs = new MemoryFileSystem();
        var e = Fill(fs, 4000);
        e.CompactRange(e.DefaultColumnFamily());
        e.CompactRange(e.GetColumnFamily("lock"));
        var live = (e.GetProperty("sstables") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var onDisk = fs.ListFiles("/db").Count(n => n.EndsWith(".sst", StringComparison.Ordinal));
        Assert.Equal(live, onDisk);
        Assert.Single(fs.ListFiles("/db"), n => n.EndsWith(".log", StringComparison.Ordinal));
        e.Dispose();
        OpenQuiet(fs, Cfs).Dispose();
        Assert.Single(fs.ListFiles("/db"), n => n.StartsWith("MANIFEST-", StringComparison.Ordinal));
    }

    internal static byte[] ReadAllBytes(IFileSystem fs, string path)
    {
        using var f = fs.OpenRead(path);
        var b = new byte[f.Length];
        f.ReadAt(0, b);
        return b;
    }
}
