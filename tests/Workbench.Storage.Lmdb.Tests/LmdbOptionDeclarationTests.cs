using Workbench.Storage.Conformance;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>The lmdb engine's options: each declared once in <see cref="LmdbOptions"/>, bound to its property, defaults only in the declarations.</summary>
public sealed class LmdbOptionDeclarationTests
{
    [Fact]
    public void Declared_defaults_are_the_properties_after_construction() =>
        OptionDeclarationAssert.DefaultsAreTheProperties(LmdbOptions.Declared, new LmdbOptions());

    [Fact]
    public void Non_default_values_round_trip_into_their_properties() =>
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(LmdbOptions.Declared, new LmdbOptions());

    [Fact]
    public void The_factory_lists_and_builds_every_declared_option() =>
        OptionDeclarationAssert.FactoryBuildsEveryOption(new LmdbEngineFactory(), LmdbOptions.Declared, r => LmdbOptions.From(r.Options));

    [Fact]
    public void Bad_values_are_one_line_errors() => OptionDeclarationAssert.BadValuesAreOneLineErrors(new LmdbEngineFactory());
}
