using Workbench.Storage.Conformance;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Tests.Options;

/// <summary>The lsm's and titan's options: each declared once, bound to its property, defaults only in the declarations.</summary>
public sealed class LsmOptionDeclarationTests
{
    private static string? TextSample(string name) => name == LsmOptionNames.CompressionPerLevel ? "none:lz4:zstd" : null;

    [Fact]
    public void Declared_defaults_are_the_properties_after_construction()
    {
        OptionDeclarationAssert.DefaultsAreTheProperties(LsmOptionDeclarations.ColumnFamily, new ColumnFamilyOptions());
        OptionDeclarationAssert.DefaultsAreTheProperties(LsmOptionDeclarations.Engine, new LsmOptions());
        OptionDeclarationAssert.DefaultsAreTheProperties(TitanOptionDeclarations.Titan, new TitanOptions());
    }

    [Theory]
    [InlineData("lsm")]
    [InlineData("titan")]
    public void Opening_without_options_gives_every_declared_default(string engine)
    {
        IEngineFactory factory = engine == "lsm" ? new LsmEngineFactory() : new TitanEngineFactory();
        var request = OptionDeclarationAssert.Request(factory);
        var (options, cfs) = LsmEngineFactory.BuildOptions(request, titan: null);
        var cfSet = engine == "lsm" ? LsmOptionDeclarations.ColumnFamily : TitanOptionDeclarations.ColumnFamily;
        OptionDeclarationAssert.DefaultsAreTheProperties(cfSet, cfs[0]);
        OptionDeclarationAssert.DefaultsAreTheProperties(LsmOptionDeclarations.Engine, options);
        Assert.Equal(engine == "lsm" ? 4 : TitanOptionDeclarations.Level0FileNumCompactionTrigger, cfs[0].Level0FileNumCompactionTrigger);
    }

    [Fact]
    public void Every_listed_option_is_bound_exactly_once()
    {
        var lsm = new LsmEngineFactory().Options.Select(o => o.Name).ToList();
        Assert.Equal(lsm.Count, lsm.Distinct().Count());
        Assert.Equal(LsmOptionDeclarations.ColumnFamily.Bindings.Count + LsmOptionDeclarations.Engine.Bindings.Count, lsm.Count);
        var titan = new TitanEngineFactory().Options.Select(o => o.Name).ToList();
        Assert.Equal(lsm.Concat(TitanOptionDeclarations.Titan.Bindings.Select(b => b.Option.Name)), titan);
    }

    [Fact]
    public void Non_default_values_round_trip_into_their_properties()
    {
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(LsmOptionDeclarations.ColumnFamily, new ColumnFamilyOptions(), TextSample);
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(LsmOptionDeclarations.Engine, new LsmOptions());
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(TitanOptionDeclarations.Titan, new TitanOptions());
    }

    [Fact]
    public void Each_option_set_in_a_config_reaches_its_property_through_the_factory()
    {
        var factory = new TitanEngineFactory();
        foreach (var b in LsmOptionDeclarations.ColumnFamily.Bindings)
        {
            var raw = OptionDeclarationAssert.SampleValue(b.Option, TextSample);
            var cf = LsmEngineFactory.BuildOptions(OptionDeclarationAssert.Request(factory, new Dictionary<string, string> { [b.Option.Name] = raw }), null).ColumnFamilies[0];
            Assert.Equal(OptionParser.Parse(b.Option.Spec, raw, ""), b.ReadStored(cf));
        }
        foreach (var b in LsmOptionDeclarations.Engine.Bindings)
        {
            var raw = OptionDeclarationAssert.SampleValue(b.Option);
            var options = LsmEngineFactory.BuildOptions(OptionDeclarationAssert.Request(factory, new Dictionary<string, string> { [b.Option.Name] = raw }), null).Options;
            Assert.Equal(OptionParser.Parse(b.Option.Spec, raw, ""), b.ReadStored(options));
        }
    }

    [Fact]
    public void Typed_parse_gives_the_property_type_and_one_line_errors()
    {
        Assert.Equal(CompressionType.Zstd, LsmOptionDeclarations.CompressionOption.Parse("ZSTD"));
        Assert.Null(LsmOptionDeclarations.BottommostCompressionOption.Parse("disable"));
        Assert.Equal(TitanMode.Fallback, TitanOptionDeclarations.TitanModeOption.Parse("fallback"));
        Assert.Equal(8L << 20, LsmOptionDeclarations.WriteBufferSizeOption.Parse("8MiB"));
        var e = Assert.Throws<Errors.EngineConfigException>(() => LsmOptionDeclarations.NumLevelsOption.Parse("99", "engine 'lsm': "));
        Assert.Equal($"engine 'lsm': option 'num_levels' = '99' is above the maximum {Engine.LsmStatistics.MaxLevels}", e.Message);
    }

    [Theory]
    [InlineData("lsm")]
    [InlineData("titan")]
    public void Bad_values_are_one_line_errors(string engine) =>
        OptionDeclarationAssert.BadValuesAreOneLineErrors(engine == "lsm" ? new LsmEngineFactory() : new TitanEngineFactory());

    [Fact]
    public void Code_built_options_out_of_bounds_fail_validation_naming_the_option()
    {
        var e = Assert.Throws<Errors.EngineConfigException>(() => new ColumnFamilyOptions { BlockSize = 100 }.Validate("default"));
        Assert.Equal("lsm column family 'default': block_size = 100 is below the minimum 256", e.Message);
    }
}
