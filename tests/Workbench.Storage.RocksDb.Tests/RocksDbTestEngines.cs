using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>Opens the RocksDB engines through the registry, as the harness does, with small sizes so flushes and compactions happen in tests.</summary>
internal static class RocksDbTestEngines
{
    public static EngineRegistry Registry() =>
        new EngineRegistry().Register(new RocksDbEngineFactory()).Register(new RocksDbBlobEngineFactory());

    /// <summary>Small memtables and levels (the minimums the options allow) so tests exercise flush and compaction.</summary>
    public static Dictionary<string, string> SmallOptions(string engine)
    {
        var o = new Dictionary<string, string>
        {
            ["write_buffer_size"] = "64KB",
            ["target_file_size_base"] = "64KB",
            ["max_bytes_for_level_base"] = "1MB",
            ["block_cache_size"] = "1MB",
        };
        if (engine == RocksDbBlobEngineFactory.EngineName) o["min_blob_size"] = "16";
        return o;
    }

    public static IKvEngine Open(string engine, string directory, IReadOnlyList<string> columnFamilies, IReadOnlyDictionary<string, string>? options = null) =>
        Registry().Open(new EngineConfig(engine, options ?? SmallOptions(engine)), directory, LocalFileSystem.Instance, columnFamilies);
}
