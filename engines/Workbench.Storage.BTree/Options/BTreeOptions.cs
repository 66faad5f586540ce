using Workbench.Storage.Errors;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree.Options;

/// <summary>The btree engine's options (declared in <see cref="Specs"/>, validated by the registry). Immutable.</summary>
internal sealed record BTreeOptions(int PageSize, bool PageSizeExplicit, long CacheSize, long CheckpointWalBytes, long CheckpointIntervalMs, bool PageCleaner)
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("page_size", OptionType.Size, 8192L,
            "page size in bytes: 4KiB, 8KiB or 16KiB; fixed when the file is created (reopening uses the file's)", AllowedValues: null, Min: 4096, Max: 16384),
        new("cache_size", OptionType.Size, 64L << 20,
            "buffer pool size in bytes (pages are evicted by clock; dirty ones are written back)", Min: 64 * 1024),
        new("checkpoint_wal_bytes", OptionType.Size, 64L << 20,
            "take a checkpoint (in the background) once this many log bytes were written since the last one (the main write-amplification lever); writers wait when the log reaches twice this", Min: 4096),
        new("checkpoint_interval_ms", OptionType.Long, 0L,
            "also take a checkpoint when this long has passed since the last one, checked on writes (0 = off)", Min: 0),
        new("page_cleaner", OptionType.Bool, true,
            "write dirty pages back in the background, ahead of eviction, once a quarter of the buffer pool is dirty (more per round the dirtier it is), so writers that miss the pool rarely write a page back themselves"),
    ];

    public static BTreeOptions From(EngineOptions options)
    {
        var pageSize = options.GetLong("page_size");
        if (pageSize is not (4096 or 8192 or 16384))
            throw new EngineConfigException($"engine 'btree': page_size must be 4KiB, 8KiB or 16KiB, not {pageSize}");
        return new BTreeOptions((int)pageSize, options.ExplicitlySet.Contains("page_size"), options.GetLong("cache_size"),
            options.GetLong("checkpoint_wal_bytes"), options.GetLong("checkpoint_interval_ms"), options.GetBool("page_cleaner"));
    }
}
