using Workbench.Storage.Errors;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree.Options;

/// <summary>
/// The btree engine's options, each declared once (the static declarations below, validated by the
/// registry; the pattern of docs/DESIGN.md §6) and bound to its property, which takes its default
/// from the declaration. Immutable.
/// </summary>
internal sealed record BTreeOptions
{
    public static readonly EngineOption<long> PageSizeOption = EngineOption.Size(BTreeOptionNames.PageSize, 8192,
        "page size in bytes: 4KiB, 8KiB or 16KiB; fixed when the file is created (reopening uses the file's)", min: 4096, max: 16384);
    public static readonly EngineOption<long> CacheSizeOption = EngineOption.Size(BTreeOptionNames.CacheSize, 64L << 20,
        "buffer pool size in bytes (pages are evicted by clock; dirty ones are written back)", min: 64 * 1024);
    public static readonly EngineOption<long> CheckpointWalBytesOption = EngineOption.Size(BTreeOptionNames.CheckpointWalBytes, 64L << 20,
        "take a checkpoint (in the background) once this many log bytes were written since the last one (the main write-amplification lever); writers wait when the log reaches twice this", min: 4096);
    public static readonly EngineOption<long> CheckpointIntervalMsOption = EngineOption.Long(BTreeOptionNames.CheckpointIntervalMs, 0,
        "also take a checkpoint when this long has passed since the last one, checked on writes (0 = off)", min: 0);
    public static readonly EngineOption<bool> PageCleanerOption = EngineOption.Bool(BTreeOptionNames.PageCleaner, true,
        "write dirty pages back in the background, ahead of eviction, once a quarter of the buffer pool is dirty (more per round the dirtier it is), so writers that miss the pool rarely write a page back themselves");
    public static readonly EngineOption<long> CleanVictimSearchOption = EngineOption.Long(BTreeOptionNames.CleanVictimSearch, 0,
        "with the page cleaner on: how many frames eviction looks past a dirty victim for a clean one before writing the dirty one back itself (0 = one whole round of the pool: a writer writes back only when every unpinned frame is dirty; 256 was the previous fixed search)", min: 0);
    public static readonly EngineOption<bool> UnlockedPageWritesOption = EngineOption.Bool(BTreeOptionNames.UnlockedPageWrites, true,
        "the page cleaner and checkpoints write a page from a copy outside the buffer pool's lock (through another file handle), so a writer that misses the pool never waits for their IO (false = under the lock, as before)");

    /// <summary>The declarations bound to their properties, in the order `workbench engines` lists them.</summary>
    public static readonly OptionSet<BTreeOptions> Declared = new(
    [
        PageSizeOption.Bind<BTreeOptions>(o => o.PageSize, (o, v) => o with { PageSize = (int)v }),
        CacheSizeOption.Bind<BTreeOptions>(o => o.CacheSize, (o, v) => o with { CacheSize = v }),
        CheckpointWalBytesOption.Bind<BTreeOptions>(o => o.CheckpointWalBytes, (o, v) => o with { CheckpointWalBytes = v }),
        CheckpointIntervalMsOption.Bind<BTreeOptions>(o => o.CheckpointIntervalMs, (o, v) => o with { CheckpointIntervalMs = v }),
        PageCleanerOption.Bind<BTreeOptions>(o => o.PageCleaner, (o, v) => o with { PageCleaner = v }),
        CleanVictimSearchOption.Bind<BTreeOptions>(o => o.CleanVictimSearch, (o, v) => o with { CleanVictimSearch = v }),
        UnlockedPageWritesOption.Bind<BTreeOptions>(o => o.UnlockedPageWrites, (o, v) => o with { UnlockedPageWrites = v }),
    ]);

    public static IReadOnlyList<OptionSpec> Specs { get; } = Declared.Specs;

    /// <summary>Page size in bytes of a new page file (4, 8 or 16 KiB).</summary>
    public int PageSize { get; init; } = (int)PageSizeOption.Default;
    /// <summary>Whether the config gave page_size (then an existing file of another page size is an error rather than followed).</summary>
    public bool PageSizeExplicit { get; init; }
    /// <summary>Buffer pool capacity in bytes.</summary>
    public long CacheSize { get; init; } = CacheSizeOption.Default;
    /// <summary>Log bytes since the last checkpoint that start the next one.</summary>
    public long CheckpointWalBytes { get; init; } = CheckpointWalBytesOption.Default;
    /// <summary>Milliseconds since the last checkpoint that also start one (0 = off).</summary>
    public long CheckpointIntervalMs { get; init; } = CheckpointIntervalMsOption.Default;
    /// <summary>Whether the background page cleaner writes dirty pages back ahead of eviction.</summary>
    public bool PageCleaner { get; init; } = PageCleanerOption.Default;
    /// <summary>Frames eviction passes over looking for a clean victim (0 = a whole round of the pool).</summary>
    public long CleanVictimSearch { get; init; } = CleanVictimSearchOption.Default;
    /// <summary>Whether cleaner and checkpoint page writes happen outside the pool's lock, from copies.</summary>
    public bool UnlockedPageWrites { get; init; } = UnlockedPageWritesOption.Default;

    public static BTreeOptions From(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = Declared.Apply(new BTreeOptions(), options) with { PageSizeExplicit = options.ExplicitlySet.Contains(BTreeOptionNames.PageSize) };
        if (o.PageSize is not (4096 or 8192 or 16384))
            throw new EngineConfigException($"engine 'btree': page_size must be 4KiB, 8KiB or 16KiB, not {PageSizeOption.Get(options)}");
        return o;
    }
}
