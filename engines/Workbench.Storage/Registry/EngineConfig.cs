namespace Workbench.Storage.Registry;

/// <summary>
/// An engine as a config section names it (DESIGN.md §3):
/// <c>engine: { name: titan, options: { min_blob_size: 1024 }, column_families: { lock: { min_blob_size: 0 } } }</c>.
/// Values are the raw strings of the config; <see cref="EngineRegistry"/> validates and types them.
/// </summary>
public sealed record EngineConfig(
    string Name,
    IReadOnlyDictionary<string, string>? Options = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ColumnFamilyOptions = null)
{
    /// <summary>The engine-wide raw options; empty when the config has none.</summary>
    public IReadOnlyDictionary<string, string> OptionsOrEmpty => Options ?? new Dictionary<string, string>();

    /// <summary>The name, with its options as "name(k=v,...)" when it has any.</summary>
    public override string ToString() =>
        Options is null || Options.Count == 0 ? Name : $"{Name}({string.Join(",", Options.Select(kv => $"{kv.Key}={kv.Value}"))})";
}
