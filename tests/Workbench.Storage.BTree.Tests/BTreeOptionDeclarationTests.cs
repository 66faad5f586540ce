using Workbench.Storage.BTree.Options;
using Workbench.Storage.Conformance;

namespace Workbench.Storage.BTree.Tests;

/// <summary>The btree engine's options: each declared once in <see cref="BTreeOptions"/>, bound to its property, defaults only in the declarations.</summary>
public sealed class BTreeOptionDeclarationTests
{
    [Fact]
    public void Declared_defaults_are_the_properties_after_construction() =>
        OptionDeclarationAssert.DefaultsAreTheProperties(BTreeOptions.Declared, new BTreeOptions());

    [Fact]
    public void Non_default_values_round_trip_into_their_properties() =>
        OptionDeclarationAssert.NonDefaultValuesRoundTrip(BTreeOptions.Declared, new BTreeOptions());

    [Fact]
    public void The_factory_lists_and_builds_every_declared_option() =>
        OptionDeclarationAssert.FactoryBuildsEveryOption(new BTreeEngineFactory(), BTreeOptions.Declared, r => BTreeOptions.From(r.Options), o => o.Name == "page_size" ? "16384" : null);

    [Fact]
    public void Bad_values_are_one_line_errors() => OptionDeclarationAssert.BadValuesAreOneLineErrors(new BTreeEngineFactory());
}
