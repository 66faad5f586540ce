using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Kv;

/// <summary>Opens the engines the KV demo runs on (the memory engine from Workbench.Storage).</summary>
internal static class KvEngines
{
    private static readonly EngineRegistry Registry = new EngineRegistry().RegisterBuiltIns();

    /// <summary>A memory engine; with <paramref name="durable"/> it logs every batch through <paramref name="fileSystem"/> (counted as wal).</summary>
    public static IKvEngine OpenMemory(IFileSystem fileSystem, string directory, bool durable)
    {
        var options = new Dictionary<string, string> { ["durable"] = durable ? "true" : "false" };
        return Registry.Open(new EngineConfig("memory", options), directory, fileSystem, ["default"]);
    }
}
