using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>Opens "litedb" through the registry, as the harness does; a small checkpoint size so checkpoints happen in tests.</summary>
internal static class LiteDbTestEngines
{
    public static EngineRegistry Registry() => new EngineRegistry().Register(new LiteDbEngineFactory());

    public static Dictionary<string, string> SmallOptions() => new() { ["checkpoint"] = "100" };

    public static IKvEngine Open(string directory, IReadOnlyList<string> columnFamilies, IReadOnlyDictionary<string, string>? options = null) =>
        Registry().Open(new EngineConfig(LiteDbEngineFactory.EngineName, options ?? SmallOptions()), directory, LocalFileSystem.Instance, columnFamilies);
}
