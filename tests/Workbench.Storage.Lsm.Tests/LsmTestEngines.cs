using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>Opens the lsm engine with tiny sizes so that flushes and compactions happen within tests.</summary>
internal static class LsmTestEngines
{
    public static readonly Dictionary<string, string> SmallOptions = new()
    {
        ["write_buffer_size"] = "16KB",
        ["max_bytes_for_level_base"] = "64KB",
        ["target_file_size_base"] = "16KB",
        ["level0_file_num_compaction_trigger"] = "2",
        ["level0_slowdown_writes_trigger"] = "8",
        ["level0_stop_writes_trigger"] = "12",
        ["block_size"] = "512",
        ["block_cache_size"] = "64KB",
        ["max_bytes_for_level_multiplier"] = "4",
    };

    public static IKvEngine Open(IFileSystem fs, string directory, IReadOnlyList<string>? columnFamilies = null, Dictionary<string, string>? overrides = null)
    {
        var options = new Dictionary<string, string>(SmallOptions);
        if (overrides is not null)
            foreach (var (k, v) in overrides) options[k] = v;
        return new EngineRegistry().Register(new LsmEngineFactory()).Open(
            new EngineConfig("lsm", options), directory, fs, columnFamilies ?? ["default"]);
    }
}
