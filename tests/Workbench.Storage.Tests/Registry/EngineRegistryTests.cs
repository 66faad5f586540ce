using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Tests.Registry;

public sealed class EngineRegistryTests
{
    /// <summary>A factory declaring one option of each type, to exercise validation without a real engine.</summary>
    private sealed class ProbeFactory : IEngineFactory
    {
        public string Name => "probe";
        public string Description => "test double that records the request it was opened with";
        public EngineCapabilities Capabilities => EngineCapabilities.None;
        public EngineOpenRequest? LastRequest { get; private set; }

        public IReadOnlyList<OptionSpec> Options { get; } =
        [
            new("write_buffer_size", OptionType.Size, 64L << 20, "memtable size"),
            new("max_background_jobs", OptionType.Int, 2, "threads", Min: 1, Max: 64),
            new("ratio", OptionType.Double, 0.5, "a ratio", OptionScope.ColumnFamily, Min: 0, Max: 1),
            new("min_blob_size", OptionType.Long, 4096L, "separation threshold", OptionScope.ColumnFamily),
            new("verify", OptionType.Bool, false, "flag"),
            new("compression", OptionType.Choice, "none", "codec", AllowedValues: ["none", "snappy", "lz4"]),
            new("label", OptionType.String, "x", "free text"),
        ];

        public IKvEngine Open(EngineOpenRequest request)
        {
            LastRequest = request;
            return new Workbench.Storage.Memory.MemoryEngineFactory().Open(request with { Options = EngineOptions.Empty.WithDurable() });
        }
    }

    private static (EngineRegistry, ProbeFactory) Make()
    {
        var probe = new ProbeFactory();
        return (new EngineRegistry().RegisterBuiltIns().Register(probe), probe);
    }

    private static Dictionary<string, string> D(params (string K, string V)[] kv) => kv.ToDictionary(p => p.K, p => p.V);

    [Fact]
    public void Unknown_engine_is_an_error_listing_the_known_ones()
    {
        var (r, _) = Make();
        var e = Assert.Throws<EngineConfigException>(() => r.ValidateOptions(new EngineConfig("lsmm")));
        Assert.Contains("unknown engine 'lsmm'", e.Message, StringComparison.Ordinal);
        Assert.Contains("memory", e.Message, StringComparison.Ordinal);
        Assert.Contains("probe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_an_error_naming_it_and_the_known_options()
    {
        var (r, _) = Make();
        var e = Assert.Throws<EngineConfigException>(() => r.ValidateOptions(new EngineConfig("probe", D(("write_bufer_size", "1")))));
        Assert.Contains("unknown option 'write_bufer_size'", e.Message, StringComparison.Ordinal);
        Assert.Contains("write_buffer_size", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max_background_jobs", "two", "expects an integer")]
    [InlineData("max_background_jobs", "0", "below the minimum")]
    [InlineData("max_background_jobs", "65", "above the maximum")]
    [InlineData("ratio", "1.5", "above the maximum")]
    [InlineData("verify", "perhaps", "true or false")]
    [InlineData("compression", "zstd", "one of none, snappy, lz4")]
    [InlineData("write_buffer_size", "64 parsecs", "a size")]
    public void Ill_typed_values_are_errors_naming_the_option(string name, string value, string expected)
    {
        var (r, _) = Make();
        var e = Assert.Throws<EngineConfigException>(() => r.ValidateOptions(new EngineConfig("probe", D((name, value)))));
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_typed_and_defaults_filled_in()
    {
        var (r, _) = Make();
        var o = r.ValidateOptions(new EngineConfig("probe", D(("write_buffer_size", "8MiB"), ("verify", "yes"), ("compression", "LZ4"), ("ratio", "0.25"))));
        Assert.Equal(8L << 20, o.GetLong("write_buffer_size"));
        Assert.True(o.GetBool("verify"));
        Assert.Equal("lz4", o.GetString("compression"));
        Assert.Equal(0.25, o.GetDouble("ratio"));
        Assert.Equal(2, o.GetInt("max_background_jobs"));
        Assert.Equal(4096L, o.GetLong("min_blob_size"));
        Assert.Contains("verify", o.ExplicitlySet);
        Assert.DoesNotContain("label", o.ExplicitlySet);
        Assert.Throws<EngineConfigException>(() => o.GetInt("write_buffer_size")); // a long, not an int: an engine bug, named
    }

    [Fact]
    public void Column_family_options_inherit_engine_values_and_override_them()
    {
        var (r, probe) = Make();
        var config = new EngineConfig("probe", D(("min_blob_size", "1024"), ("ratio", "0.3")),
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["lock"] = D(("min_blob_size", "0")) });
        using var engine = r.Open(config, "/x", new MemoryFileSystem(), ["default", "lock"]);
        var cfs = probe.LastRequest!.ColumnFamilies;
        Assert.Equal(1024L, cfs[0].Options.GetLong("min_blob_size"));
        Assert.Equal(0L, cfs[1].Options.GetLong("min_blob_size"));
        Assert.Equal(0.3, cfs[1].Options.GetDouble("ratio"));
        Assert.False(cfs[1].Options.Contains("write_buffer_size")); // engine-wide options are not per-CF
    }

    [Fact]
    public void Bad_column_family_declarations_are_errors()
    {
        var (r, _) = Make();
        var fs = new MemoryFileSystem();
        Assert.Contains("declared twice", Assert.Throws<EngineConfigException>(() => r.CreateRequest(new EngineConfig("probe"), "/x", fs, ["a", "a"])).Message, StringComparison.Ordinal);
        Assert.Contains("at least one", Assert.Throws<EngineConfigException>(() => r.CreateRequest(new EngineConfig("probe"), "/x", fs, [])).Message, StringComparison.Ordinal);
        var undeclared = new EngineConfig("probe", null, new Dictionary<string, IReadOnlyDictionary<string, string>> { ["lok"] = D() });
        Assert.Contains("'lok', which is not declared", Assert.Throws<EngineConfigException>(() => r.CreateRequest(undeclared, "/x", fs, ["default", "lock"])).Message, StringComparison.Ordinal);
        var engineWide = new EngineConfig("probe", null, new Dictionary<string, IReadOnlyDictionary<string, string>> { ["default"] = D(("verify", "true")) });
        Assert.Contains("cannot be set per column family", Assert.Throws<EngineConfigException>(() => r.CreateRequest(engineWide, "/x", fs, ["default"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_a_name_twice_is_refused()
    {
        var r = new EngineRegistry().RegisterBuiltIns();
        Assert.Throws<InvalidOperationException>(() => r.RegisterBuiltIns());
    }

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("64KB", 65536L)]
    [InlineData("8 MiB", 8L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1.5K", 1536L)]
    public void Sizes_parse_with_binary_suffixes(string text, long expected) => Assert.Equal(expected, OptionParser.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("1.3B")]
    [InlineData("12 furlongs")]
    public void Malformed_sizes_are_rejected(string text) => Assert.Null(OptionParser.ParseSize(text));
}

internal static class EngineOptionsTestExtensions
{
    public static EngineOptions WithDurable(this EngineOptions _) =>
        new(new Dictionary<string, object?> { ["durable"] = false });
}
