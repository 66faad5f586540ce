using Workbench.Harness.Cli;
using Workbench.Harness.Engines;

namespace Workbench.Harness.Bench;

/// <summary>
/// `bench --compression-type X` (db_bench's --compression_type): sets the engine's block codec on
/// every level, i.e. the engine option <c>compression=X</c> of the engines that have one (lsm,
/// titan, rocksdb, rocksdb-blob). Unlike db_bench (default snappy) nothing is set when the flag is
/// absent: each engine keeps its own default (none for all of ours).
/// </summary>
internal static class CompressionTypeFlag
{
    public const string EngineOption = "compression";

    /// <summary>Returns <paramref name="engineOptions"/> with <c>compression</c> set; a usage error for engines without block compression or a conflicting option.</summary>
    public static Dictionary<string, string> Apply(Dictionary<string, string> engineOptions, string? type, string engineName)
    {
        if (type is null) return engineOptions;
        var factory = EngineCatalog.Create().Factories.FirstOrDefault(f => string.Equals(f.Name, engineName, StringComparison.OrdinalIgnoreCase));
        if (factory is null) return engineOptions; // the registry reports the unknown engine
        if (!factory.Options.Any(o => o.Name == EngineOption))
            throw new UsageException($"--compression-type: engine '{factory.Name}' has no block compression (no option '{EngineOption}')");
        if (engineOptions.TryGetValue(EngineOption, out var given) && !string.Equals(given, type, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--compression-type {type} contradicts --engine-option {EngineOption}={given}");
        return new Dictionary<string, string>(engineOptions, StringComparer.Ordinal) { [EngineOption] = type };
    }
}
