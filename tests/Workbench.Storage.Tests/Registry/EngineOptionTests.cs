using Workbench.Storage.Conformance;
using Workbench.Storage.Errors;
using Workbench.Storage.Memory;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Tests.Registry;

/// <summary><see cref="EngineOption{T}"/>, <see cref="OptionSet{TTarget}"/> and the memory engine's one declaration.</summary>
public sealed class EngineOptionTests
{
    private enum Mode { Fast, Safe }

    private sealed record Probe
    {
        public static readonly EngineOption<long> SizeOption = EngineOption.Size("size", 4096, "a size", OptionScope.ColumnFamily, min: 1024, max: 1 << 20);
        public static readonly EngineOption<Mode> ModeOption = EngineOption.Choice("mode", Mode.Safe, [("fast", Mode.Fast), ("safe", Mode.Safe)], "a mode");
        public static readonly EngineOption<int?> LevelOption = EngineOption.Choice("level", (int?)null, [("off", (int?)null), ("one", 1)], "a nullable choice");

        public static readonly OptionSet<Probe> Declared = new(
        [
            SizeOption.Bind<Probe>(o => o.Size, (o, v) => o with { Size = v }),
            ModeOption.Bind<Probe>(o => o.Mode, (o, v) => o with { Mode = v }),
            LevelOption.Bind<Probe>(o => o.Level, (o, v) => o with { Level = v }),
        ]);

        public long Size { get; init; } = SizeOption.Default;
        public Mode Mode { get; init; } = ModeOption.Default;
        public int? Level { get; init; } = LevelOption.Default;
    }

    [Fact]
    public void Parse_gives_the_typed_value()
    {
        Assert.Equal(64L << 10, Probe.SizeOption.Parse("64KiB"));
        Assert.Equal(Mode.Fast, Probe.ModeOption.Parse("FAST"));
        Assert.Null(Probe.LevelOption.Parse("off"));
        Assert.Equal(1, Probe.LevelOption.Parse("one"));
    }

    [Theory]
    [InlineData("size", "12", "engine 'x': option 'size' = '12' is below the minimum 1024")]
    [InlineData("size", "2MiB", "engine 'x': option 'size' = '2MiB' is above the maximum 1048576")]
    [InlineData("size", "big", "engine 'x': option 'size' expects a size such as 4096, 64KB or 8MiB, got 'big'")]
    [InlineData("mode", "slow", "engine 'x': option 'mode' expects one of fast, safe, got 'slow'")]
    public void Bad_input_is_one_line_naming_option_value_and_what_it_accepts(string name, string raw, string message)
    {
        var e = Assert.Throws<EngineConfigException>(() => name == "size" ? Probe.SizeOption.Parse(raw, "engine 'x': ") : (object)Probe.ModeOption.Parse(raw, "engine 'x': "));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_default_outside_the_declared_bounds_is_refused_at_declaration()
    {
        var e = Assert.Throws<EngineConfigException>(() => EngineOption.Int("threads", 0, "threads", min: 1));
        Assert.Contains("declaration of 'threads'", e.Message, StringComparison.Ordinal);
        Assert.Throws<EngineConfigException>(() => EngineOption.Choice("codec", "snappy", ["none", "lz4"], "codec"));
    }

    [Fact]
    public void Defaults_bindings_and_layers()
    {
        OptionDeclarationAssert.DefaultsAreTheProperties(Probe.Declared, new Probe());
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(Probe.Declared, new Probe());
        var engineWide = new EngineOptions(new Dictionary<string, object?> { ["size"] = 8192L, ["mode"] = "fast" });
        var cf = new EngineOptions(new Dictionary<string, object?> { ["size"] = 2048L });
        var built = Probe.Declared.Apply(new Probe(), cf, engineWide);
        Assert.Equal(2048, built.Size);
        Assert.Equal(Mode.Fast, built.Mode);
        Assert.Null(built.Level);
        Assert.Equal("size = 10 is below the minimum 1024", Probe.Declared.FirstOutOfBounds(new Probe { Size = 10 }));
        Assert.Null(Probe.Declared.FirstOutOfBounds(new Probe()));
    }

    [Fact]
    public void A_variant_default_replaces_only_that_option()
    {
        var variant = Probe.Declared.WithDefault(Probe.SizeOption, 8192L, " (variant)");
        Assert.Equal(8192L, variant.Specs[0].Default);
        Assert.EndsWith("(variant)", variant.Specs[0].Description, StringComparison.Ordinal);
        Assert.Equal("safe", variant.Specs[1].Default);
        Assert.Equal(4096L, Probe.Declared.Specs[0].Default);
    }

    [Fact]
    public void An_option_declared_or_bound_twice_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => EngineOption.Specs([Probe.SizeOption, Probe.SizeOption]));
        Assert.Throws<InvalidOperationException>(() => new OptionSet<Probe>([Probe.Declared.Bindings[0], Probe.Declared.Bindings[0]]));
    }

    [Fact]
    public void Memory_lists_its_declaration_and_builds_from_it()
    {
        var factory = new MemoryEngineFactory();
        Assert.Equal(MemoryEngineFactory.Durable.Spec, Assert.Single(factory.Options));
        Assert.False(MemoryEngineFactory.Durable.Get(OptionDeclarationAssert.Request(factory).Options));
        Assert.True(MemoryEngineFactory.Durable.Get(OptionDeclarationAssert.Request(factory, new Dictionary<string, string> { ["durable"] = "on" }).Options));
        OptionDeclarationAssert.BadValuesAreOneLineErrors(factory);
    }
}
