using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Opens the btree engine through the registry with option overrides (small pages and caches make splits, evictions and checkpoints happen in small tests).</summary>
internal static class BTreeTestEngines
{
    public static readonly string[] ColumnFamilies = ["default", "lock", "write", "raft"];

    public static Dictionary<string, string> Small => new()
    {
        ["page_size"] = "4KiB",
        ["cache_size"] = "64KiB",
        ["checkpoint_wal_bytes"] = "32KiB",
    };

    public static IKvEngine Open(IFileSystem fs, string directory, IReadOnlyDictionary<string, string>? options = null, IReadOnlyList<string>? columnFamilies = null) =>
        new EngineRegistry().Register(new BTreeEngineFactory())
            .Open(new EngineConfig("btree", options ?? Small), directory, fs, columnFamilies ?? ColumnFamilies);
}
