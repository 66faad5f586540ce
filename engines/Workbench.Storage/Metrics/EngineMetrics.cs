namespace Workbench.Storage.Metrics;

/// <summary>
/// A point-in-time copy of an engine's counters (immutable). <see cref="Io"/> is the engine's own
/// breakdown of bytes written by category (for native engines: counted at the file system; for
/// RocksDB: from its statistics tickers). <see cref="Counters"/> holds engine-specific figures
/// under dotted names (e.g. "compaction.count", "block_cache.hit", "stall.micros").
/// </summary>
public sealed class EngineMetrics
{
    /// <summary>A reading of <paramref name="io"/>, <paramref name="diskBytes"/> and engine-specific <paramref name="counters"/> (none when null).</summary>
    public EngineMetrics(IoSnapshot io, long diskBytes, IReadOnlyDictionary<string, long>? counters = null)
    {
        ArgumentNullException.ThrowIfNull(io);
        Io = io;
        DiskBytes = diskBytes;
        Counters = counters ?? new Dictionary<string, long>();
    }

    /// <summary>The engine's own bytes written by category, reads and syncs since open.</summary>
    public IoSnapshot Io { get; }

    /// <summary>Bytes of the engine's files on disk now (for a volatile engine: bytes of memory held by data).</summary>
    public long DiskBytes { get; }

    /// <summary>Engine-specific counters by dotted name (e.g. "compaction.count"); empty when the engine keeps none.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; }
}
