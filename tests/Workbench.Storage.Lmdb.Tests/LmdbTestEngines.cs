using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>Opens "lmdb" through the registry, as the harness does; a 1 MiB initial map so tests cross map growth.</summary>
internal static class LmdbTestEngines
{
    public static EngineRegistry Registry() => new EngineRegistry().Register(new LmdbEngineFactory());

    public static Dictionary<string, string> SmallOptions() => new() { ["map_size"] = "1MB" };

    public static IKvEngine Open(string directory, IReadOnlyList<string> columnFamilies, IReadOnlyDictionary<string, string>? options = null) =>
        Registry().Open(new EngineConfig(LmdbEngineFactory.EngineName, options ?? SmallOptions()), directory, LocalFileSystem.Instance, columnFamilies);
}
