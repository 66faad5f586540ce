namespace Workbench.Storage.Registry;

/// <summary>Declares one option an engine accepts: name (RocksDB's spelling where one exists), type, default, meaning.</summary>
public sealed record OptionSpec(
    string Name,
    OptionType Type,
    object? Default,
    string Description,
    OptionScope Scope = OptionScope.Engine,
    IReadOnlyList<string>? AllowedValues = null,
    double? Min = null,
    double? Max = null);
