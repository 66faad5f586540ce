namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>Opens the titan engine with tiny sizes so flushes, compactions, blob files and GC all happen within tests.</summary>
internal static class TitanTestEngines
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
        ["blob_file_target_size"] = "32KB",
        ["merge_small_file_threshold"] = "8KB",
        ["max_gc_batch_size"] = "256KB",
    };

    public static IKvEngine Open(IFileSystem fs, string directory, IReadOnlyList<string>? columnFamilies = null, Dictionary<string, string>? overrides = null)
    {
        var options = new Dictionary<string, string>(SmallOptions);
        if (overrides is not null)
            foreach (var (k, v) in overrides) options[k] = v;
        return new EngineRegistry().Register(new TitanEngineFactory()).Open(
            new EngineConfig("titan", options), directory, fs, columnFamilies ?? ["default"]);
    }
}
