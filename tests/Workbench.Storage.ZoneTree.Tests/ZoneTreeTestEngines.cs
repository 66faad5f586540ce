using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>Opens "zonetree" through the registry, as the harness does; small segments so merges happen in tests.</summary>
internal static class ZoneTreeTestEngines
{
    public static EngineRegistry Registry() => new EngineRegistry().Register(new ZoneTreeEngineFactory());

    public static Dictionary<string, string> SmallOptions() => new() { ["mutable_segment_max_item_count"] = "1000" };

    public static IKvEngine Open(string directory, IReadOnlyList<string> columnFamilies, IReadOnlyDictionary<string, string>? options = null) =>
        Registry().Open(new EngineConfig(ZoneTreeEngineFactory.EngineName, options ?? SmallOptions()), directory, LocalFileSystem.Instance, columnFamilies);
}
