using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>Opens the titan engine with tiny sizes so flushes, compactions, blob files and GC all happen within tests.</summary>
internal static class TitanTestEngines
{
    /// <summary>The lsm's small test sizes (one definition, so the two engines are tested alike) plus small blob files.</summary>
    public static readonly Dictionary<string, string> SmallOptions = new(LsmTestEngines.SmallOptions)
    {
        ["blob_file_target_size"] = "32KB",
        ["merge_small_file_threshold"] = "8KB",
        ["max_gc_batch_size"] = "256KB",
    };

    public static IKvEngine Open(IFileSystem fs, string directory, IReadOnlyList<string>? columnFamilies = null, Dictionary<string, string>? overrides = null,
        Dictionary<string, IReadOnlyDictionary<string, string>>? columnFamilyOptions = null)
    {
        var options = new Dictionary<string, string>(SmallOptions);
        if (overrides is not null)
            foreach (var (k, v) in overrides) options[k] = v;
        return new EngineRegistry().Register(new TitanEngineFactory()).Open(
            new EngineConfig("titan", options, columnFamilyOptions), directory, fs, columnFamilies ?? ["default"]);
    }

    /// <summary>
    /// Options for tests that drive GC by hand: no background GC, every blob file qualifies by size
    /// (Titan's absolute threshold alone: merge_small_file_ratio 0; the relative bound is tested in
    /// SmallFileGcTests and BlobGcPickerTests).
    /// </summary>
    public static Dictionary<string, string> ManualGc(string minBlobSize = "100") => new()
    {
        ["min_blob_size"] = minBlobSize,
        ["blob_gc_background"] = "false",
        ["merge_small_file_threshold"] = "1MB",
        ["merge_small_file_ratio"] = "0",
        ["max_gc_batch_size"] = "1MB",
        ["blob_file_target_size"] = "64KB",
    };

    public static BlobStore Blobs(IKvEngine e) => (((LsmEngine)e).ValueSeparator as TitanValueSeparator)?.Store ?? throw new InvalidOperationException("not a titan engine");

    /// <summary>Runs GC steps until the picker finds nothing (bounded, so a bug cannot loop forever).</summary>
    public static int RunGcUntilIdle(IKvEngine e)
    {
        var runs = 0;
        while (Blobs(e).RunGcOnce())
            if (++runs > 1000) throw new InvalidOperationException("GC never became idle");
        return runs;
    }
}
