using Workbench.Harness.Results;
using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Matrix.Attribution;

/// <summary>
/// Reads, at one moment, the device bytes of a cell by the layer and cause that wrote them
/// ("layer.category", DESIGN.md §5.5), monotonic, so a phase's attribution is the difference of
/// two readings taken where its device window opens and closes (after the flush). Files written
/// through <see cref="PageCacheModelFileSystem"/> are charged as the kernel charges them (whole
/// pages dirtied); an engine that does its own IO (RocksDB through its C library) adds its own
/// categories (tickers: the bytes it wrote, not pages). Thread-safe as its sources are.
/// </summary>
internal sealed class AttributionProbe
{
    private readonly PageCacheModelFileSystem? _model;
    private readonly IKvEngine _engine;
    private readonly bool _engineUsesFileSystem;

    /// <param name="model">The model every file of the cell is written through, or null (then the engine's categories are all there is).</param>
    /// <param name="engine">The engine (or a cluster's measuring view over every node's engine).</param>
    /// <param name="engineUsesFileSystem">Whether the engine writes through <paramref name="model"/> (EngineCapabilities.UsesFileSystem).</param>
    public AttributionProbe(PageCacheModelFileSystem? model, IKvEngine engine, bool engineUsesFileSystem)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _model = model;
        _engine = engine;
        _engineUsesFileSystem = engineUsesFileSystem && model is not null;
    }

    /// <summary>
    /// The bytes each layer handed to the one below so far (layer_bytes keys: raft, raft_log,
    /// raft_snapshot, engine, engine_&lt;cf&gt;, txn, txn_&lt;cf&gt;; DESIGN.md §5.5), monotonic; null: none kept.
    /// </summary>
    public Func<Dictionary<string, long>>? LayerBytes { get; init; }

    /// <summary>Whether an engine of this registry name writes through the file system it is given.</summary>
    public static bool UsesFileSystem(EngineRegistry registry, string engineName)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.GetFactory(engineName).Capabilities.HasFlag(EngineCapabilities.UsesFileSystem);
    }

    /// <summary>Bytes so far by "layer.category".</summary>
    public Dictionary<string, long> Read()
    {
        var bytes = _model?.Charged() ?? new Dictionary<string, long>(StringComparer.Ordinal);
        if (_engineUsesFileSystem) return bytes;
        var metrics = _engine.GetMetrics();
        var io = metrics.Io;
        foreach (var c in WriteCategories.All)
        {
            // With a model, the raft layer's own files (log, snapshots) were charged there already.
            if (_model is not null && PageCacheModelFileSystem.LayerOf(c) != "engine") continue;
            var b = io.BytesWritten(c);
            if (b != 0) Add(bytes, PageCacheModelFileSystem.LayerOf(c) + "." + c.ToName(), b);
        }
        // Its tickers count the bytes it wrote, not the pages: each synced WAL write group dirties
        // the WAL's tail page again after the fsync cleaned it, one page per sync (RocksDB's
        // rocksdb.wal.synced; measured: the log in RocksDB's raft CF, 7,925 syncs = 32.5 MB of the
        // 32.6 MB the tickers missed; docs/measurements/attribution.md).
        if (io.Syncs > 0) Add(bytes, "engine.wal_sync_pages", io.Syncs * PageCacheModelFileSystem.PageSize);
        // And what no byte ticker counts: the info log, MANIFEST syncs, each file's partial and preallocated pages.
        EngineFileCosts.AddTo(bytes, metrics.Counters);
        return bytes;
    }

    /// <summary>after − before per key, keeping only the non-zero entries.</summary>
    public static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in after)
        {
            var delta = v - before.GetValueOrDefault(k);
            if (delta != 0) d[k] = delta;
        }
        return d;
    }

    /// <summary>
    /// The attribution a phase's own engine categories give when no probe watched it (bench,
    /// migrate, or a cell whose files were not modelled): engine_io as the engine counted it, with
    /// raft_log and snapshot under raft.
    /// </summary>
    public static Dictionary<string, long> FromEngineIo(IReadOnlyDictionary<string, long> engineIo)
    {
        ArgumentNullException.ThrowIfNull(engineIo);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, b) in engineIo)
        {
            if (b == 0) continue;
            var layer = WriteCategories.TryParse(name, out var c) ? PageCacheModelFileSystem.LayerOf(c) : "engine";
            Add(d, layer + "." + name, b);
        }
        return d;
    }

    /// <summary>Σ attribution ÷ device bytes; null without device bytes (or none written).</summary>
    public static double? Share(IReadOnlyDictionary<string, long> attribution, long? deviceBytes)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        if (deviceBytes is not { } device || device <= 0) return null;
        long sum = 0;
        foreach (var v in attribution.Values) sum += v;
        return (double)sum / device;
    }

    /// <summary>
    /// Adds a phase's layer bytes (a <see cref="Delta"/> of two <see cref="LayerBytes"/> readings) and
    /// each layer's write amplification (device ÷ the layer's bytes, for the keys without '_').
    /// </summary>
    public static void ApplyLayers(PhaseResult phase, IReadOnlyDictionary<string, long> layers)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var (k, v) in layers)
        {
            phase.LayerBytes[k] = v;
            if (!k.Contains('_', StringComparison.Ordinal) && v > 0 && phase.DeviceBytesWritten is { } device)
                phase.LayerWriteAmp[k] = (double)device / v;
        }
    }

    /// <summary>Sets a phase's attribution and explained share (replacing what it had).</summary>
    public static void Apply(PhaseResult phase, IReadOnlyDictionary<string, long> attribution)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(attribution);
        phase.Attribution.Clear();
        if (phase.DeviceBytesWritten is null) return;
        foreach (var (k, v) in attribution) phase.Attribution[k] = v;
        phase.ExplainedShare = Share(phase.Attribution, phase.DeviceBytesWritten);
    }

    /// <summary>Fills a phase no probe watched from its engine categories (<see cref="FromEngineIo"/>); leaves a filled one alone.</summary>
    public static void FillFromEngineIo(PhaseResult phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        if (phase.Attribution.Count > 0 || phase.DeviceBytesWritten is null) return;
        Apply(phase, FromEngineIo(phase.EngineIo));
    }

    private static void Add(Dictionary<string, long> d, string key, long bytes) => d[key] = d.GetValueOrDefault(key) + bytes;
}
