using Workbench.Storage.Conformance;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb.Options;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// RocksDB's options: each declared once in <see cref="RocksDbOptionSpecs"/> (typed, with bounds),
/// listed by both factories and read by the builder through the typed declaration. That each reaches
/// RocksDB itself is <see cref="RocksDbOptionTests"/>' (the LOG it opened with).
/// </summary>
public sealed class RocksDbOptionDeclarationTests
{
    private static string? TextSample(string name) => name == RocksDbOptionNames.CompressionPerLevel ? "none:lz4:zstd" : null;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_factories_list_every_declaration_with_its_default(bool blob)
    {
        IEngineFactory factory = blob ? new RocksDbBlobEngineFactory() : new RocksDbEngineFactory();
        Assert.Equal(RocksDbOptionSpecs.All.Select(o => o.Name), factory.Options.Select(o => o.Name));
        var values = OptionDeclarationAssert.Request(factory).Options;
        foreach (var o in RocksDbOptionSpecs.All)
        {
            var blobDefault = o.Name is RocksDbOptionNames.EnableBlobFiles or RocksDbOptionNames.EnableBlobGarbageCollection;
            var expected = blob && blobDefault ? true : o.StoredDefault;
            Assert.Equal(expected, values.Values[o.Name]);
        }
    }

    [Fact]
    public void Each_option_set_in_a_config_reads_back_typed()
    {
        var factory = new RocksDbEngineFactory();
        foreach (var o in RocksDbOptionSpecs.All)
        {
            var raw = OptionDeclarationAssert.SampleValue(o, TextSample);
            var values = OptionDeclarationAssert.Request(factory, new Dictionary<string, string> { [o.Name] = raw }).Options;
            Assert.Equal(OptionParser.Parse(o.Spec, raw, ""), values.Values[o.Name]);
            Assert.NotEqual(o.StoredDefault, values.Values[o.Name]);
        }
        Assert.Equal(3, RocksDbOptionSpecs.MaxBackgroundJobsOption.Get(OptionDeclarationAssert.Request(factory, new Dictionary<string, string> { ["max_background_jobs"] = "3" }).Options));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bad_values_are_one_line_errors(bool blob) =>
        OptionDeclarationAssert.BadValuesAreOneLineErrors(blob ? new RocksDbBlobEngineFactory() : new RocksDbEngineFactory());
}
