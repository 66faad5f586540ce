using Workbench.Storage.Conformance;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>The litedb engine's options: each declared once in <see cref="LiteDbOptions"/>, bound to its property, defaults only in the declarations.</summary>
public sealed class LiteDbOptionDeclarationTests
{
    [Fact]
    public void Declared_defaults_are_the_properties_after_construction() =>
        OptionDeclarationAssert.DefaultsAreTheProperties(LiteDbOptions.Declared, new LiteDbOptions());

    [Fact]
    public void Non_default_values_round_trip_into_their_properties() =>
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(LiteDbOptions.Declared, new LiteDbOptions());

    [Fact]
    public void The_factory_lists_and_builds_every_declared_option() =>
        OptionDeclarationAssert.FactoryBuildsEveryOption(new LiteDbEngineFactory(), LiteDbOptions.Declared, r => LiteDbOptions.From(r.Options));

    [Fact]
    public void Bad_values_are_one_line_errors() => OptionDeclarationAssert.BadValuesAreOneLineErrors(new LiteDbEngineFactory());
}
