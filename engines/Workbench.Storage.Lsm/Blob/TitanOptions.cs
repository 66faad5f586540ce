using Workbench.Storage.FileSystem;
using D = Workbench.Storage.Lsm.Blob.TitanOptionDeclarations;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Titan's options (names and defaults of tikv/titan). Engine-wide except min blob size, which is
/// per column family (<see cref="MinBlobSizeByColumnFamily"/>; missing = <see cref="MinBlobSize"/>;
/// <see cref="long.MaxValue"/> keeps a column family inline, e.g. Percolator's lock CF). Every option
/// property takes its default from its declaration in <see cref="TitanOptionDeclarations"/>. Immutable
/// (a record, so the declarations' bindings can set it with <c>with</c>).
/// </summary>
public sealed record TitanOptions
{
    /// <summary>Values of at least this many bytes go to blob files (Titan's min_blob_size, 4 KiB) in column families without their own entry.</summary>
    public long MinBlobSize { get; init; } = D.MinBlobSizeOption.Default;
    /// <summary>Per-column-family min_blob_size by column family name; a missing name falls back to <see cref="MinBlobSize"/>.</summary>
    public IReadOnlyDictionary<string, long> MinBlobSizeByColumnFamily { get; init; } = new Dictionary<string, long>();
    /// <summary>Size (bytes) at which a blob file is finished and a new one started (Titan's blob_file_target_size, 256 MiB).</summary>
    public long BlobFileTargetSize { get; init; } = D.BlobFileTargetSizeOption.Default;
    /// <summary>A blob file becomes a GC candidate once this share of its bytes is garbage (Titan's blob_file_discardable_ratio, 0.5).</summary>
    public double BlobFileDiscardableRatio { get; init; } = D.BlobFileDiscardableRatioOption.Default;
    /// <summary>Blob files smaller than this (bytes) are GC candidates regardless of garbage, so small files merge (Titan's merge_small_file_threshold, 8 MiB).</summary>
    public long MergeSmallFileThreshold { get; init; } = D.MergeSmallFileThresholdOption.Default;
    /// <summary>
    /// Ours: a blob file counts as small only below min(<see cref="MergeSmallFileThreshold"/>, this
    /// share of the blob file size the column family's flushes produce); 0 = the absolute threshold
    /// alone, as in Titan. Titan's 8 MiB assumes TiKV's 128 MiB write buffers; with small write
    /// buffers every flush's blob file would be "small" and GC would rewrite all of them.
    /// </summary>
    public double MergeSmallFileRatio { get; init; } = D.MergeSmallFileRatioOption.Default;
    /// <summary>Upper bound on the input bytes of one GC run (Titan's max_gc_batch_size, 1 GiB).</summary>
    public long MaxGcBatchSize { get; init; } = D.MaxGcBatchSizeOption.Default;
    /// <summary>GC IO budget in bytes/s (blob_gc_rate_limit_bytes_per_sec); 0 = unlimited.</summary>
    public long BlobGcRateLimitBytesPerSec { get; init; } = D.BlobGcRateLimitBytesPerSecOption.Default;
    /// <summary>Normal separation, or fallback (values go back inline); see <see cref="TitanMode"/>.</summary>
    public TitanMode Mode { get; init; } = D.TitanModeOption.Default;
    /// <summary>
    /// Titan's level_merge: compactions whose output is one of the two deepest non-empty levels
    /// rewrite the values their BlobIndexes point at in files of shallower levels into new blob
    /// files of the output level, so blob files follow the tree and dead ones empty without GC copies.
    /// </summary>
    public bool LevelMerge { get; init; } = D.LevelMergeOption.Default;
    /// <summary>Codec for values written at flush/compaction (GC copies stored values as they are).</summary>
    public BlobCompression Compression { get; init; } = D.BlobCompressionOption.Default;
    /// <summary>Codec level (Brotli quality 0–11, zstd 1–22, lz4 below 3 = fast, 3–12 = HC).</summary>
    public int CompressionLevel { get; init; } = D.BlobCompressionLevelOption.Default;
    /// <summary>Run GC in the background (tests may turn it off and call RunBlobGc themselves).</summary>
    public bool BackgroundGc { get; init; } = D.BlobGcBackgroundOption.Default;

    /// <summary>
    /// Each column family's write_buffer_size by column family id (set by the factory): the expected
    /// size of a flush's blob file until a flush has been seen. Empty = <see cref="BlobFileTargetSize"/>.
    /// </summary>
    internal IReadOnlyList<long> WriteBufferSizes { get; init; } = [];

    /// <summary>How blob files are opened for reading: the lsm's use_direct_reads (set by the factory).</summary>
    internal ReadMode BlobReadMode { get; init; } = ReadMode.Buffered;

    /// <summary>The min_blob_size in force for column family <paramref name="cf"/>.</summary>
    public long MinBlobSizeFor(string cf) => MinBlobSizeByColumnFamily.TryGetValue(cf, out var v) ? v : MinBlobSize;
}
