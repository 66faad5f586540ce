using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Tests.Compression;

/// <summary>compression, compression_per_level (with the tikv preset), bottommost_compression, compression_level.</summary>
public class CompressionOptionsTests
{
    private static ColumnFamilyOptions Parse(Dictionary<string, string> engine, Dictionary<string, string>? cf = null, string factory = "lsm")
    {
        var registry = new EngineRegistry().Register(new LsmEngineFactory()).Register(new TitanEngineFactory());
        var config = new EngineConfig(factory, engine, cf is null ? null : new Dictionary<string, IReadOnlyDictionary<string, string>> { ["default"] = cf });
        var request = registry.CreateRequest(config, "/db", new MemoryFileSystem(), ["default"]);
        return LsmEngineFactory.BuildOptions(request, titan: null).ColumnFamilies[0];
    }

    private static CompressionType[] Levels(ColumnFamilyOptions o, bool bottommost = false)
    {
        var r = new CompressionType[o.NumLevels];
        for (var l = 0; l < r.Length; l++) r[l] = o.CompressionFor(l, bottommost);
        return r;
    }

    private const CompressionType N = CompressionType.None, S = CompressionType.Snappy, L = CompressionType.Lz4, Z = CompressionType.Zstd;

    [Fact]
    public void The_default_is_no_compression_on_every_level()
    {
        var o = Parse([]);
        Assert.Equal([N, N, N, N, N, N, N], Levels(o));
        Assert.Equal([N, N, N, N, N, N, N], Levels(o, bottommost: true));
        Assert.Equal(-1, o.CompressionLevel);
    }

    [Fact]
    public void Compression_sets_every_level_and_bottommost_overrides_only_bottommost_outputs()
    {
        Assert.Equal([L, L, L, L, L, L, L], Levels(Parse(new() { ["compression"] = "lz4" })));
        var o = Parse(new() { ["compression"] = "lz4", ["bottommost_compression"] = "zstd" });
        Assert.Equal([L, L, L, L, L, L, L], Levels(o));
        Assert.Equal([Z, Z, Z, Z, Z, Z, Z], Levels(o, bottommost: true));
        Assert.Equal(L, Parse(new() { ["compression"] = "lz4", ["bottommost_compression"] = "disable" }).CompressionFor(6, true));
    }

    [Fact]
    public void Compression_per_level_lists_codecs_from_L0_and_deeper_levels_take_the_last()
    {
        Assert.Equal([N, N, L, Z, Z, Z, Z], Levels(Parse(new() { ["compression_per_level"] = "none:no:lz4:zstd", ["compression"] = "snappy" })));
        Assert.Equal([N, L, Z, Z, Z, Z, Z], Levels(Parse(new() { ["compression_per_level"] = "kNoCompression:kLZ4Compression:kZSTD" })));
        Assert.Equal([S, L, Z, Z, Z, Z, Z], Levels(Parse(new() { ["compression_per_level"] = "snappy, lz4, zstd" })));
    }

    [Fact]
    public void The_tikv_preset_is_none_on_L0_L1_lz4_in_the_middle_and_zstd_at_the_bottom()
    {
        var o = Parse(new() { ["compression_per_level"] = "tikv" });
        Assert.Equal([N, N, L, L, L, Z, Z], Levels(o));
        Assert.Equal(Z, o.BottommostCompression);
        Assert.Equal(N, o.CompressionFor(0, bottommost: false)); // flushes
        var four = Parse(new() { ["compression_per_level"] = "TiKV", ["num_levels"] = "4" });
        Assert.Equal([N, N, L, Z], Levels(four));
        // an explicit bottommost_compression wins over the preset's
        Assert.Null(Parse(new() { ["compression_per_level"] = "tikv", ["bottommost_compression"] = "disable" }).BottommostCompression);
    }

    [Fact]
    public void Column_family_options_override_the_engine_wide_ones()
    {
        var o = Parse(new() { ["compression"] = "lz4" }, cf: new() { ["compression"] = "zstd", ["compression_level"] = "9" });
        Assert.Equal(Z, o.Compression);
        Assert.Equal(9, o.CompressionLevel);
    }

    [Fact]
    public void Titan_takes_the_same_block_compression_options()
    {
        var registry = new EngineRegistry().Register(new TitanEngineFactory());
        var request = registry.CreateRequest(new EngineConfig("titan", new Dictionary<string, string> { ["compression_per_level"] = "tikv", ["blob_compression"] = "zstd" }), "/db", new MemoryFileSystem(), ["default"]);
        var o = LsmEngineFactory.BuildOptions(request, titan: null).ColumnFamilies[0];
        Assert.Equal(Z, o.CompressionFor(6, bottommost: true));
    }

    [Theory]
    [InlineData("compression", "gzip", "gzip")]
    [InlineData("bottommost_compression", "lzma", "lzma")]
    [InlineData("compression_per_level", "none:gzip:lz4", "entry 1 'gzip'")]
    [InlineData("compression_per_level", "none:none:none:none:none:none:none:zstd", "lists 8 codecs but num_levels is 7")]
    [InlineData("compression_level", "40", "compression_level")]
    public void A_bad_compression_option_is_one_clear_error_naming_it(string option, string value, string expected)
    {
        var e = Assert.ThrowsAny<EngineConfigException>(() => Parse(new() { [option] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workbench_engines_lists_the_options_with_rocksdb_names()
    {
        foreach (var f in new IEngineFactory[] { new LsmEngineFactory(), new TitanEngineFactory() })
        {
            var names = f.Options.Select(o => o.Name).ToHashSet();
            Assert.Subset(names, new HashSet<string> { "compression", "compression_per_level", "bottommost_compression", "compression_level" });
            Assert.All(f.Options.Where(o => o.Name.Contains("compression", StringComparison.Ordinal) && !o.Name.StartsWith("blob", StringComparison.Ordinal)),
                o => Assert.Equal(OptionScope.ColumnFamily, o.Scope));
        }
        var blob = new TitanEngineFactory().Options.Single(o => o.Name == "blob_compression");
        Assert.Equal(["none", "lz4", "zstd", "brotli"], blob.AllowedValues);
    }
}
