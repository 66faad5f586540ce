using Workbench.Storage.Conformance;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>The zonetree engine's options: each declared once in <see cref="ZoneTreeOptions"/>, bound to its property, defaults only in the declarations.</summary>
public sealed class ZoneTreeOptionDeclarationTests
{
    [Fact]
    public void Declared_defaults_are_the_properties_after_construction() =>
        OptionDeclarationAssert.DefaultsAreTheProperties(ZoneTreeOptions.Declared, new ZoneTreeOptions());

    [Fact]
    public void Non_default_values_round_trip_into_their_properties() =>
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(ZoneTreeOptions.Declared, new ZoneTreeOptions());

    [Fact]
    public void The_factory_lists_and_builds_every_declared_option() =>
        OptionDeclarationAssert.FactoryBuildsEveryOption(new ZoneTreeEngineFactory(), ZoneTreeOptions.Declared, r => ZoneTreeOptions.From(r.Options));

    [Fact]
    public void Bad_values_are_one_line_errors() => OptionDeclarationAssert.BadValuesAreOneLineErrors(new ZoneTreeEngineFactory());
}
