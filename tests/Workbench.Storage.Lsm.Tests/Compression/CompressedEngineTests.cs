using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Metrics;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests.Compression;

/// <summary>The engine with compressed tables: codecs mixed in one database across reopens, compaction from compressed inputs, per-level and bottommost codecs.</summary>
public partial class CompressedEngineTests(ITestOutputHelper output)
{
    private static byte[] Value(int i, int version) => BlockCodecTests.Compressible(300, i * 31 + version);

    /// <summary>Each table of the default CF with its level and the codec its properties name.</summary>
    private static List<(int Level, long Number, string Codec, long Compressed)> Tables(IKvEngine e, MemoryFileSystem fs, string dir)
    {
        var result = new List<(int, long, string, long)>();
        foreach (var line in (e.GetProperty("sstables") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = TableLine().Match(line);
            Assert.True(m.Success, line);
            var level = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var number = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var size = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var path = $"{dir}/{FileNames.Table(number)}";
            IReadableFile file;
            try
            {
                file = fs.OpenRead(path);
            }
            catch (IOException)
            {
                continue; // compacted away by a background compaction since the listing
            }
            using var t = new TableReader(file, path, number, size, new LruBlockCache(1 << 20), new LsmStatistics());
            result.Add((level, number, t.Properties.All[TableProperties.CompressionName], t.Properties.GetLong(TableProperties.NumCompressedBlocks)));
        }
        return result;
    }

    [GeneratedRegex(@"^default L(\d+) #(\d+) (\d+) bytes")]
    private static partial Regex TableLine();

    private static void Verify(IKvEngine e, SortedDictionary<int, byte[]> model)
    {
        var cf = e.DefaultColumnFamily();
        foreach (var (k, v) in model) Assert.Equal(v, e.Get(cf, K(k)));
        using var it = e.NewIterator(cf);
        var n = 0;
        using var expected = model.GetEnumerator();
        for (it.SeekToFirst(); it.Valid; it.Next(), n++)
        {
            Assert.True(expected.MoveNext());
            Assert.Equal(K(expected.Current.Key), it.Key.ToArray());
            Assert.Equal(expected.Current.Value, it.Value.ToArray());
        }
        Assert.Equal(model.Count, n);
    }

    [Fact]
    public void Tables_of_different_codecs_live_in_one_database_across_reopens_and_compact_into_the_per_level_codecs()
    {
        var seed = TestSeed.Fresh(output);
        var rng = new Random(seed);
        var fs = new MemoryFileSystem();
        var model = new SortedDictionary<int, byte[]>();
        // big memtables, L0 trigger high: each session's data stays in its own L0 tables until the compaction at the end
        var baseOptions = new Dictionary<string, string> { ["write_buffer_size"] = "64KB", ["level0_file_num_compaction_trigger"] = "20", ["level0_slowdown_writes_trigger"] = "20", ["level0_stop_writes_trigger"] = "24" };
        var version = 0;
        foreach (var codec in new[] { "lz4", "zstd", "snappy", "none" })
        {
            using var e = LsmTestEngines.Open(fs, "/db", overrides: new(baseOptions) { ["compression"] = codec });
            Verify(e, model); // what earlier sessions wrote, in their codecs, reads back under this one
            var cf = e.DefaultColumnFamily();
            version++;
            for (var i = 0; i < 400; i++)
            {
                var k = rng.Next(1000);
                if (rng.Next(10) == 0)
                {
                    e.Delete(cf, K(k));
                    model.Remove(k);
                }
                else
                {
                    var v = Value(k, version);
                    e.Put(cf, K(k), v);
                    model[k] = v;
                }
            }
            e.Flush();
            Verify(e, model);
        }
        using (var e = LsmTestEngines.Open(fs, "/db", overrides: baseOptions))
        {
            var codecs = Tables(e, fs, "/db").Select(t => t.Codec).ToHashSet();
            Assert.Superset(new HashSet<string> { "lz4", "zstd", "snappy", "none" }, codecs);
            Assert.True(codecs.Count == 4, $"codecs of the tables: {string.Join(", ", codecs)}");
            Verify(e, model);
        }
        // Compaction reads the compressed inputs and writes each level's codec.
        using (var e = LsmTestEngines.Open(fs, "/db", overrides: new(baseOptions) { ["compression_per_level"] = "none:snappy:lz4:zstd" }))
        {
            e.CompactRange(e.DefaultColumnFamily());
            Verify(e, model);
            var tables = Tables(e, fs, "/db");
            Assert.NotEmpty(tables);
            var expected = new[] { "none", "snappy", "lz4", "zstd" };
            foreach (var t in tables)
            {
                Assert.Equal(expected[Math.Min(t.Level, 3)], t.Codec);
                if (t.Codec != "none") Assert.True(t.Compressed > 0, $"table #{t.Number} at L{t.Level} ({t.Codec}) has no compressed block");
            }
            Assert.Contains(tables, t => t.Level > 0);
            var m = e.GetMetrics().Counters;
            Assert.True(m["block.decompressed"] > 0 && m["block.compressed"] > 0);
        }
        using (var e = LsmTestEngines.Open(fs, "/db"))
            Verify(e, model);
    }

    [Fact]
    public void Bottommost_compression_applies_to_compaction_outputs_with_nothing_below_and_never_to_flushes()
    {
        var fs = new MemoryFileSystem();
        var model = new SortedDictionary<int, byte[]>();
        // One memtable and roomy levels: no background compaction runs beside the checks (files deleted under Tables()).
        using var e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["compression"] = "lz4", ["bottommost_compression"] = "zstd", ["write_buffer_size"] = "4MB", ["max_bytes_for_level_base"] = "16MB", ["target_file_size_base"] = "256KB" });
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 3000; i++)
        {
            var v = Value(i, 1);
            e.Put(cf, K(i), v);
            model[i] = v;
        }
        e.CompactRange(cf);
        var tables = Tables(e, fs, "/db");
        Assert.All(tables, t => Assert.Equal("zstd", t.Codec)); // after a full compaction every table is at the bottom
        for (var i = 0; i < 10; i++) // one small memtable: stays one L0 table (two would trigger an L0 compaction)
        {
            var v = Value(i, 2);
            e.Put(cf, K(i), v);
            model[i] = v;
        }
        e.Flush();
        var l0 = Tables(e, fs, "/db").Where(t => t.Level == 0).ToList();
        Assert.NotEmpty(l0);
        Assert.All(l0, t => Assert.Equal("lz4", t.Codec));
        Verify(e, model);
    }

    [Fact]
    public void A_flipped_byte_in_a_compressed_table_of_the_engine_is_corruption_never_wrong_data()
    {
        var fs = new MemoryFileSystem();
        var opts = new Dictionary<string, string> { ["write_buffer_size"] = "1MB", ["target_file_size_base"] = "1MB", ["compression"] = "zstd" };
        var e = LsmTestEngines.Open(fs, "/db", overrides: opts);
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 3000; i++) e.Put(cf, K(i), Value(i, 1));
        e.CompactRange(cf);
        e.Dispose();
        var sst = "/db/" + fs.ListFiles("/db").Single(n => n.EndsWith(".sst", StringComparison.Ordinal));
        using (var f = fs.OpenWritable(sst, WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(f.Length / 3, b);
            b[0] ^= 0x10;
            f.WriteAt(f.Length / 3, b);
        }
        e = LsmTestEngines.Open(fs, "/db", overrides: opts);
        cf = e.DefaultColumnFamily();
        var corrupt = 0;
        for (var i = 0; i < 3000; i++)
        {
            try
            {
                Assert.Equal(Value(i, 1), e.Get(cf, K(i)));
            }
            catch (CorruptionException ex)
            {
                Assert.Contains(".sst", ex.File ?? "", StringComparison.Ordinal);
                corrupt++;
            }
        }
        Assert.InRange(corrupt, 1, 2999);
        e.Dispose();
    }
}

/// <summary>The whole crash suite with a codec per level (snappy L0, lz4 L1, zstd below): the suite's zero-filled values compress, its random ones stay raw.</summary>
public sealed class LsmCompressedConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LsmTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["compression_per_level"] = "snappy:lz4:zstd" });
}
