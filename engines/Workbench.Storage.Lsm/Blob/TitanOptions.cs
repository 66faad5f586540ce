namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's options (names and defaults of tikv/titan). Engine-wide except min blob size, which is
/// per column family (<see cref="MinBlobSizeByColumnFamily"/>; missing = <see cref="MinBlobSize"/>;
/// <see cref="long.MaxValue"/> keeps a column family inline, e.g. Percolator's lock CF). Immutable.
/// </summary>
public sealed class TitanOptions
{
    public long MinBlobSize { get; init; } = 4096;
    public IReadOnlyDictionary<string, long> MinBlobSizeByColumnFamily { get; init; } = new Dictionary<string, long>();
    public long BlobFileTargetSize { get; init; } = 256L << 20;
    public double BlobFileDiscardableRatio { get; init; } = 0.5;
    public long MergeSmallFileThreshold { get; init; } = 8L << 20;
    public long MaxGcBatchSize { get; init; } = 1L << 30;
    /// <summary>0 = unlimited.</summary>
    public long BlobGcRateLimitBytesPerSec { get; init; }
    public TitanMode Mode { get; init; } = TitanMode.Normal;
    /// <summary>
    /// Titan's level_merge: compactions whose output is one of the two deepest non-empty levels
    /// rewrite the values their BlobIndexes point at in files of shallower levels into new blob
    /// files of the output level, so blob files follow the tree and dead ones empty without GC copies.
    /// </summary>
    public bool LevelMerge { get; init; }
    /// <summary>Codec for values written at flush/compaction (GC copies stored values as they are).</summary>
    public BlobCompression Compression { get; init; } = BlobCompression.None;
    /// <summary>Codec level (Brotli quality 0–11, zstd 1–22, lz4 below 3 = fast, 3–12 = HC).</summary>
    public int CompressionLevel { get; init; } = 1;
    /// <summary>Run GC in the background (tests may turn it off and call RunBlobGc themselves).</summary>
    public bool BackgroundGc { get; init; } = true;

    public long MinBlobSizeFor(string cf) => MinBlobSizeByColumnFamily.TryGetValue(cf, out var v) ? v : MinBlobSize;
}
